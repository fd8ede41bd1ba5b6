#pragma once

#include "sourceformat.h"

#include <QString>

#include <memory>

// Turns one compressed stream (gzip, bzip2, xz, zstd; several members or frames one after
// another are one stream, as zcat and friends read them) into its bytes, a buffer at a time.
// Unsized copies its input as is. Not thread-safe: one decoder per stream, one thread at a time.
class StreamDecoder {
public:
    enum class Step {
        Progress,  // consumed input or produced output: call again
        NeedInput, // everything given was consumed and there is room for output
        End,       // the stream is complete (reported only once the input has ended)
        Truncated, // the input ended in the middle of the stream
        Corrupt,   // the input is not valid data of this format: errorString() says why
    };

    struct Buffers {
        const uchar *in = nullptr;
        qint64 inLeft = 0;
        uchar *out = nullptr;
        qint64 outLeft = 0;
    };

    // nullptr for Plain.
    static std::unique_ptr<StreamDecoder> create(SourceFormat::Kind kind);
    virtual ~StreamDecoder() = default;

    // Decodes from b.in into b.out, advancing both. `inputEnded`: no input follows what b holds.
    // Corrupt and Truncated are final; so is End.
    virtual Step decode(Buffers &b, bool inputEnded) = 0;
    QString errorString() const { return m_error; }

protected:
    QString m_error;
};
