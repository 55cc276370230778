#!/usr/bin/env python3
"""Re-runs a OneCard prize draw from its published data (docs/draws.md). Standard library only.

    python3 verify_draw.py draw.json entries.csv

draw.json and entries.csv are the two downloads on the draw's page (/draws/<id>/draw.json and /draws/<id>/entries.csv).
Exit code 0 when the commitment, the list hash and every winner check out; 1 otherwise.
"""
import hashlib
import hmac
import json
import sys


def parse_entries(data: bytes):
    lines = data.decode("utf-8").split("\n")
    if lines[0] != "entry,participant":
        raise ValueError("unexpected header: %r" % lines[0])
    entries = []
    for line in lines[1:]:
        if line:
            entry, participant = line.split(",")
            entries.append((int(entry), int(participant)))
    return entries


def draw(seed: bytes, list_hash: bytes, entries, winners: int, one_per_participant: bool):
    pool = list(entries)
    chosen = []
    counter = 0
    while len(chosen) < winners and pool:
        n = len(pool)
        limit = (2 ** 64 // n) * n  # reject the uneven top so every index is equally likely
        while True:
            mac = hmac.new(seed, list_hash + counter.to_bytes(8, "big"), hashlib.sha256).digest()
            counter += 1
            x = int.from_bytes(mac[:8], "big")
            if x < limit:
                break
        winner = pool.pop(x % n)
        chosen.append(winner)
        if one_per_participant:
            pool = [e for e in pool if e[1] != winner[1]]
    return chosen


def main(draw_path: str, entries_path: str) -> int:
    with open(draw_path, encoding="utf-8") as f:
        published = json.load(f)
    with open(entries_path, "rb") as f:
        data = f.read()
    seed = bytes.fromhex(published["seed"])
    ok = True

    commitment = hashlib.sha256(seed).hexdigest()
    print("commitment  ", commitment, "OK" if commitment == published["commitment"] else "MISMATCH")
    ok &= commitment == published["commitment"]

    list_hash = hashlib.sha256(data).hexdigest()
    print("entry list  ", list_hash, "OK" if list_hash == published["entryListHash"] else "MISMATCH")
    ok &= list_hash == published["entryListHash"]

    entries = parse_entries(data)
    print("entries     ", len(entries), "from", len({p for _, p in entries}), "participants")
    chosen = draw(seed, bytes.fromhex(list_hash), entries, published["winners"], published["onePrizePerParticipant"])
    expected = published.get("winningEntries", [])
    for place, (entry, participant) in enumerate(chosen, start=1):
        claimed = expected[place - 1] if place <= len(expected) else None
        print("place %3d   entry %d (participant %d)%s" % (place, entry, participant, "" if claimed == entry else "  MISMATCH, published %s" % claimed))
        ok &= claimed == entry
    ok &= len(chosen) == len(expected)
    print("RESULT", "the published winners are the ones this draw gives" if ok else "DOES NOT MATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
