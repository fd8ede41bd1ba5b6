#include "streamdecoder.h"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <climits>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kMaxStep = 1 << 30; // the libraries count in unsigned int

unsigned int stepOf(qint64 left)
{
    return static_cast<unsigned int>(qMin(left, kMaxStep));
}

// Advances the buffers by what a library call consumed and produced; Progress if anything moved.
bool advance(StreamDecoder::Buffers &b, qint64 consumed, qint64 produced)
{
    b.in += consumed;
    b.inLeft -= consumed;
    b.out += produced;
    b.outLeft -= produced;
    return consumed > 0 || produced > 0;
}

class CopyDecoder : public StreamDecoder {
public:
    Step decode(Buffers &b, bool inputEnded) override
    {
        const qint64 n = qMin(b.inLeft, b.outLeft);
        if (n > 0)
            std::memcpy(b.out, b.in, static_cast<size_t>(n));
        if (advance(b, n, n))
            return Step::Progress;
        return inputEnded && b.inLeft == 0 ? Step::End : Step::NeedInput;
    }
};

class GzipDecoder : public StreamDecoder {
public:
    GzipDecoder() { m_ok = inflateInit2(&m_z, 15 + 32) == Z_OK; } // 32: gzip or zlib header
    ~GzipDecoder() override { inflateEnd(&m_z); }

    Step decode(Buffers &b, bool inputEnded) override
    {
        if (!m_ok) {
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        }
        if (m_memberEnded) {
            if (b.inLeft == 0)
                return inputEnded ? Step::End : Step::NeedInput;
            inflateReset(&m_z); // another member follows
            m_memberEnded = false;
        }
        if (b.inLeft == 0 && b.outLeft > 0 && m_z.avail_in == 0 && !m_pendingOutput)
            return inputEnded ? Step::Truncated : Step::NeedInput;
        m_z.next_in = const_cast<Bytef *>(b.in);
        m_z.avail_in = stepOf(b.inLeft);
        m_z.next_out = b.out;
        m_z.avail_out = stepOf(b.outLeft);
        const uInt inBefore = m_z.avail_in, outBefore = m_z.avail_out;
        const int rc = inflate(&m_z, Z_NO_FLUSH);
        const bool moved = advance(b, inBefore - m_z.avail_in, outBefore - m_z.avail_out);
        m_pendingOutput = m_z.avail_out == 0; // inflate may hold more for the next call
        switch (rc) {
        case Z_STREAM_END:
            m_memberEnded = true;
            m_pendingOutput = false;
            return Step::Progress;
        case Z_OK:
        case Z_BUF_ERROR:
            if (moved)
                return Step::Progress;
            return inputEnded ? Step::Truncated : Step::NeedInput;
        case Z_MEM_ERROR:
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        default:
            m_error = m_z.msg ? QString::fromLatin1(m_z.msg) : u"invalid data"_s;
            return Step::Corrupt;
        }
    }

private:
    z_stream m_z{};
    bool m_ok = false;
    bool m_memberEnded = false;
    bool m_pendingOutput = false;
};

class Bzip2Decoder : public StreamDecoder {
public:
    Bzip2Decoder() { m_ok = BZ2_bzDecompressInit(&m_s, 0, 0) == BZ_OK; }
    ~Bzip2Decoder() override
    {
        if (m_ok)
            BZ2_bzDecompressEnd(&m_s);
    }

    Step decode(Buffers &b, bool inputEnded) override
    {
        if (m_streamEnded) {
            if (b.inLeft == 0)
                return inputEnded ? Step::End : Step::NeedInput;
            BZ2_bzDecompressEnd(&m_s); // another stream follows (pbzip2, cat a.bz2 b.bz2)
            m_s = bz_stream{};
            m_ok = BZ2_bzDecompressInit(&m_s, 0, 0) == BZ_OK;
            m_streamEnded = false;
        }
        if (!m_ok) {
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        }
        m_s.next_in = const_cast<char *>(reinterpret_cast<const char *>(b.in));
        m_s.avail_in = stepOf(b.inLeft);
        m_s.next_out = reinterpret_cast<char *>(b.out);
        m_s.avail_out = stepOf(b.outLeft);
        const unsigned int inBefore = m_s.avail_in, outBefore = m_s.avail_out;
        const int rc = BZ2_bzDecompress(&m_s);
        const bool moved = advance(b, inBefore - m_s.avail_in, outBefore - m_s.avail_out);
        switch (rc) {
        case BZ_STREAM_END:
            m_streamEnded = true;
            return Step::Progress;
        case BZ_OK:
            if (moved)
                return Step::Progress;
            return inputEnded ? Step::Truncated : Step::NeedInput;
        case BZ_MEM_ERROR:
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        case BZ_DATA_ERROR_MAGIC:
            m_error = u"not bzip2 data"_s;
            return Step::Corrupt;
        default:
            m_error = u"invalid data (the block checksum does not match)"_s;
            return Step::Corrupt;
        }
    }

private:
    bz_stream m_s{};
    bool m_ok = false;
    bool m_streamEnded = false;
};

class XzDecoder : public StreamDecoder {
public:
    XzDecoder() { m_ok = lzma_stream_decoder(&m_s, UINT64_MAX, LZMA_CONCATENATED) == LZMA_OK; }
    ~XzDecoder() override { lzma_end(&m_s); }

    Step decode(Buffers &b, bool inputEnded) override
    {
        if (!m_ok) {
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        }
        m_s.next_in = b.in;
        m_s.avail_in = static_cast<size_t>(b.inLeft);
        m_s.next_out = b.out;
        m_s.avail_out = static_cast<size_t>(b.outLeft);
        const size_t inBefore = m_s.avail_in, outBefore = m_s.avail_out;
        const lzma_ret rc = lzma_code(&m_s, inputEnded ? LZMA_FINISH : LZMA_RUN);
        const bool moved = advance(b, qint64(inBefore - m_s.avail_in), qint64(outBefore - m_s.avail_out));
        switch (rc) {
        case LZMA_STREAM_END:
            return Step::End;
        case LZMA_OK:
            if (moved)
                return Step::Progress;
            return inputEnded ? Step::Truncated : Step::NeedInput;
        case LZMA_BUF_ERROR:
            if (moved)
                return Step::Progress;
            return inputEnded ? Step::Truncated : Step::NeedInput;
        case LZMA_MEM_ERROR:
        case LZMA_MEMLIMIT_ERROR:
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        case LZMA_FORMAT_ERROR:
            m_error = u"not xz data"_s;
            return Step::Corrupt;
        case LZMA_OPTIONS_ERROR:
            m_error = u"unsupported xz options"_s;
            return Step::Corrupt;
        default:
            m_error = u"invalid data (corrupt block or checksum mismatch)"_s;
            return Step::Corrupt;
        }
    }

private:
    lzma_stream m_s = LZMA_STREAM_INIT;
    bool m_ok = false;
};

class ZstdDecoder : public StreamDecoder {
public:
    ZstdDecoder() : m_ctx(ZSTD_createDCtx()) {}
    ~ZstdDecoder() override { ZSTD_freeDCtx(m_ctx); }

    Step decode(Buffers &b, bool inputEnded) override
    {
        if (!m_ctx) {
            m_error = u"out of memory"_s;
            return Step::Corrupt;
        }
        ZSTD_inBuffer in{b.in, static_cast<size_t>(b.inLeft), 0};
        ZSTD_outBuffer out{b.out, static_cast<size_t>(b.outLeft), 0};
        const size_t rc = ZSTD_decompressStream(m_ctx, &out, &in);
        if (ZSTD_isError(rc)) {
            m_error = QString::fromLatin1(ZSTD_getErrorName(rc));
            return Step::Corrupt;
        }
        const bool moved = advance(b, qint64(in.pos), qint64(out.pos));
        if (moved)
            m_frameComplete = rc == 0; // called again with nothing, it asks for the next frame
        if (moved)
            return Step::Progress;
        if (!inputEnded || b.inLeft > 0)
            return Step::NeedInput;
        return m_frameComplete ? Step::End : Step::Truncated;
    }

private:
    ZSTD_DCtx *m_ctx;
    bool m_frameComplete = false;
};

} // namespace

std::unique_ptr<StreamDecoder> StreamDecoder::create(SourceFormat::Kind kind)
{
    switch (kind) {
    case SourceFormat::Kind::Gzip:
        return std::make_unique<GzipDecoder>();
    case SourceFormat::Kind::Bzip2:
        return std::make_unique<Bzip2Decoder>();
    case SourceFormat::Kind::Xz:
        return std::make_unique<XzDecoder>();
    case SourceFormat::Kind::Zstd:
        return std::make_unique<ZstdDecoder>();
    case SourceFormat::Kind::Unsized:
        return std::make_unique<CopyDecoder>();
    case SourceFormat::Kind::Plain:
        break;
    }
    return nullptr;
}
