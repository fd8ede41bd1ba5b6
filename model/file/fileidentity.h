#pragma once

#include <QtGlobal>

// What a file is, as far as "has it changed?" goes: same device and inode (Unix) or volume and
// file index (Windows), same size, same modification time. Compare two snapshots taken at
// different times to tell growth (same file, larger), truncation or replacement apart.
struct FileIdentity {
    quint64 device = 0;
    quint64 inode = 0;
    qint64 size = 0;
    qint64 modifiedNs = 0; // since the epoch

    bool isSameFile(const FileIdentity &other) const { return device == other.device && inode == other.inode; }
    friend bool operator==(const FileIdentity &, const FileIdentity &) = default;
};
