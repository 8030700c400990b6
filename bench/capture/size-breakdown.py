#!/usr/bin/env python3
"""Where an archive's bytes go: splits the decompressed tar stream of a procsnap archive into pax
header blocks, pax records, ustar headers, content and the index entries (index.tsv and
index-frames.tsv, headers included) and compresses each part alone with `zstd -3`. The parts are
compressed apart, so their sum is not the archive's size (interleaved, they compress a little
worse); they show which part a change shrinks. Also counts the pax records by keyword."""
import subprocess
import sys


def zstd_size(data):
    return len(subprocess.run(["zstd", "-3", "-q", "-c"], input=data, capture_output=True, check=True).stdout)


def main(path):
    raw = subprocess.run(["zstd", "-dc", path], capture_output=True, check=True).stdout
    parts = {k: bytearray() for k in ("pax headers", "pax records", "ustar headers", "content", "index")}
    keywords = {}
    pos, entries = 0, 0
    while pos + 512 <= len(raw):
        block = raw[pos:pos + 512]
        if block == bytes(512):
            break
        size = int(block[124:136].split(b"\0")[0].strip() or b"0", 8)
        padded = (size + 511) // 512 * 512
        name = block[0:100].split(b"\0")[0]
        if block[156:157] == b"x":
            records = raw[pos + 512:pos + 512 + size]
            parts["pax headers"] += block
            parts["pax records"] += raw[pos + 512:pos + 512 + padded]
            i = 0
            while i < len(records):
                space = records.index(b" ", i)
                length = int(records[i:space])
                key = records[space + 1:i + length].split(b"=")[0].decode()
                keywords[key] = keywords.get(key, 0) + 1
                i += length
        elif name.startswith(b"index"):
            parts["index"] += raw[pos:pos + 512 + padded]
        elif name != b"manifest.json":
            parts["ustar headers"] += block
            parts["content"] += raw[pos + 512:pos + 512 + padded]
            entries += 1
        pos += 512 + padded
    print("  %d entries, %d KiB decompressed; %s" % (entries, len(raw) // 1024, ", ".join(
        "%s %d" % (k, (zstd_size(bytes(v)) + 512) // 1024) for k, v in parts.items())))
    print("  pax records: " + ", ".join("%s %d" % kv for kv in sorted(keywords.items(), key=lambda kv: -kv[1])))


if __name__ == "__main__":
    main(sys.argv[1])
