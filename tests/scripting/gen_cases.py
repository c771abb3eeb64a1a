"""Prints a table of Catch2 cases {script, reply} for tests/scripting/eval_cases_test.cc.

Each line of the input file is a Lua script (a leading "HEX" stands for a helper returning a
string's bytes in hex, as the test expands it). The script is run with EVAL <script> 0 against a
redis-server 7.0.15 on PORT (start a throwaway one: redis-server --port PORT --save ''), and the
reply's exact bytes become the expected value. Pass 2 or 3 as PROTO to send HELLO first; RESP3
cases that call DEBUG PROTOCOL need DEBUG SET-DISABLE-DENY-SCRIPTS 1 on that server.

    python3 tests/scripting/gen_cases.py PORT cases.txt [PROTO] > cases.inc
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
from harness import Conn  # noqa: E402

HEX = ("local function hex(s) local t = {} for i = 1, #s do t[i] = string.format('%02x', "
       "string.byte(s, i)) end return table.concat(t) end ")


def cpp_literal(data):
    out = '"'
    for ch in data:
        if ch == 0x22:
            out += '\\"'
        elif ch == 0x5c:
            out += "\\\\"
        elif ch == 13:
            out += "\\r"
        elif ch == 10:
            out += "\\n"
        elif 32 <= ch < 127:
            out += chr(ch)
        else:
            out += '\\x%02x""' % ch
    return out + '"'


def main():
    port, path = int(sys.argv[1]), sys.argv[2]
    conn = Conn(port)
    if len(sys.argv) > 3:
        conn.cmd("HELLO", sys.argv[3])
    for line in open(path):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        script = HEX + line[3:] if line.startswith("HEX") else line
        reply = conn.cmd("EVAL", script, "0")
        print("    {%s,\n     %s}," % (cpp_literal(line.encode()), cpp_literal(reply)))


if __name__ == "__main__":
    main()
