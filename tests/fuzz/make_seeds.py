#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the hand-made seed inputs of the fuzz harnesses into tests/fuzz/corpus/.

Seeds are what real clients send (GDB's packets of a connect and a `load`, monitor lines,
a J-Link client's connect, an SWD debugger's transactions), so fuzzing starts deep in each
parser. Run it again after changing it; it overwrites only the files it names. The loader
seeds are copies of built ELF files (doc/fuzzing.md), and libFuzzer's findings are added
by hand with the name of what they found.

    tests/fuzz/make_seeds.py
"""
import os
import struct

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def write(harness, name, data):
    os.makedirs(os.path.join(CORPUS, harness), exist_ok=True)
    with open(os.path.join(CORPUS, harness, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("latin-1"))


# ---- RSP: framing as GDB does it ----

def escape(data, special=b"#$}*"):
    out = bytearray()
    for b in data:
        if b in special:
            out += bytes([0x7D, b ^ 0x20])
        else:
            out.append(b)
    return bytes(out)


def frame(data, escaped=True):
    body = escape(data) if escaped else data
    return b"$" + body + b"#%02x" % (sum(body) & 0xFF)


def rsp_packet_seeds():
    connect = [b"qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;"
               b"exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+",
               b"vMustReplyEmpty", b"QStartNoAckMode", b"!", b"Hg0", b"qXfer:features:read:target.xml:0,ffb",
               b"qTStatus", b"?", b"qfThreadInfo", b"qsThreadInfo", b"qAttached", b"Hc-1", b"qC", b"g"]
    write("rsp_packet", "connect", b"+" + b"+".join(frame(p) for p in connect) + b"+")
    write("rsp_packet", "binary-x", frame(b"X20000000,8:" + bytes([0x23, 0x24, 0x7D, 0x2A, 0, 0xFF, 0x0A, 3])))
    write("rsp_packet", "vflashwrite", frame(b"vFlashWrite:8000000:" + bytes(range(256))))
    # Run-length encoding as replies use it: "0* " is "0000" (0x20 - 29 = 3 more).
    write("rsp_packet", "run-length", frame(b"m0* ,4", escaped=False) + frame(b"X0,1:a*!", escaped=False))
    # 0x03 while running, a nak, garbage, a bad checksum, a packet cut by a new '$'.
    write("rsp_packet", "interrupt-nak-garbage", b"\x03-xyz$c#00$vCont;c$vCont;c#a8" + b"\x03")
    write("rsp_packet", "truncated-escape", b"$X0,1:}#fd" + frame(b"qC"))
    # Decodes past RSP_PACKET_SIZE through runs of 226 (count byte 0xff): oversize.
    write("rsp_packet", "oversize-runs", frame(b"X0,0:" + b"a*\xff" * 80, escaped=False))
    write("rsp_packet", "hex-fields", frame(b"m0000000000000000008000000,ffffffffffffffff1"))


# ---- the GDB command layer: one decoded packet a line, '}' escapes ----

def line_escape(data):
    """GDB's escaping plus the newline, which ends a packet in these seeds."""
    return escape(data, b"#$}*\n")


def lines(board, packets):
    return board + b"\n".join(line_escape(p) for p in packets)


def gdb_dispatch_seeds():
    connect = [b"qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;vContSupported+", b"vMustReplyEmpty",
               b"!", b"Hg0", b"qXfer:features:read:target.xml:0,ffb", b"qXfer:features:read:target.xml:ffb,ffb",
               b"qXfer:memory-map:read::0,ffb", b"qTStatus", b"?", b"qfThreadInfo", b"qsThreadInfo",
               b"qAttached", b"Hc-1", b"qC", b"qOffsets", b"g", b"qThreadExtraInfo,1", b"T1", b"vCont?"]
    write("gdb_dispatch", "connect-l552", lines(b"0", connect))
    write("gdb_dispatch", "connect-f401", lines(b"1", connect))
    write("gdb_dispatch", "connect-l562e-dk", lines(b"2", connect))
    regs = [b"p0", b"p0f", b"p10", b"p19", b"p2a", b"P0=78563412", b"Pf=00010020", b"G" + b"00" * 4 * 17,
            b"p99", b"Pzz=1", b"g"]
    write("gdb_dispatch", "registers", lines(b"0", regs))
    mem = [b"m20000000,40", b"M20000000,4:01020304", b"X20000010,8:" + bytes([0x23, 0x24, 0x7D, 0x2A, 0, 0xFF, 10, 3]),
           b"m20000000,20", b"m8000000,10", b"mffffffff,2", b"m0,0", b"M8000000,4:00000000", b"X20000000,0:",
           b"m40022000,40", b"xe000ed00,10"]
    write("gdb_dispatch", "memory", lines(b"0", mem))
    thumb_loop = bytes([0x00, 0xBF, 0xFE, 0xE7])		# nop; b .
    run = [b"X20000000,4:" + thumb_loop, b"Pf=01000020", b"P10=00000001", b"Z0,20000002,2", b"c", b"z0,20000002,2",
           b"Z1,20000000,2", b"s", b"vCont;s:1", b"vCont;c", b"vCont;t", b"Z2,20000100,4", b"Z3,20000100,4",
           b"Z4,20000104,2", b"c", b"z2,20000100,4", b"C05", b"S05", b"?", b"D"]
    write("gdb_dispatch", "run-control", lines(b"0", run))
    page = bytes((i * 7 + 1) & 0xFF for i in range(2048))
    load = [b"qXfer:memory-map:read::0,ffb", b"vFlashErase:08000000,800", b"vFlashWrite:8000000:" + page[:1024],
            b"vFlashWrite:8000400:" + page[1024:], b"vFlashDone", b"qCRC:8000000,800", b"m8000000,10",
            b"vFlashErase:08000000,800", b"vFlashWrite:8000000:" + page[:16], b"vFlashDone"]
    write("gdb_dispatch", "load-l552", lines(b"0", load))
    f4 = [b"vFlashErase:08000000,4000", b"vFlashWrite:8000000:" + page[:256], b"vFlashDone",
          b"qRcmd," + b"otp enable".hex().encode(), b"vFlashErase:1fff7800,200",
          b"vFlashWrite:1fff7800:" + page[:32], b"vFlashDone", b"qCRC:8000000,100"]
    write("gdb_dispatch", "load-f401-otp", lines(b"1", f4))
    nor = [b"vFlashErase:90000000,10000", b"vFlashWrite:90000000:" + page[:1024], b"vFlashDone",
           b"qCRC:90000000,400", b"m90000000,10"]
    write("gdb_dispatch", "load-l562e-dk-nor", lines(b"2", nor))
    ext = [b"!", b"vRun;", b"k", b"vKill;1", b"R00", b"qRcmd," + b"reset halt".hex().encode(), b"qRcmd,7",
           b"vFlashWrite:8000000:", b"vFlashDone", b"qXfer:features:read:nonesuch.xml:0,10", b""]
    write("gdb_dispatch", "extended", lines(b"0", ext))


def monitor_seeds():
    write("monitor", "help", "0help\nhelp flash erase\nhelp nonesuch\n\nflsh info")
    write("monitor", "target", "0reset halt\nreg\nreg pc\nreg r0 0x12345678\nhalt\nresume\nhalt\nmdw 0x20000000 4\n"
          "mdh 0x20000000 3\nmdb 0x08000000 17\nmww 0x20000000 0xdeadbeef\nmwh 0x20000004 0x1234\n"
          "mwb 0x20000006 0x56\nmww 0x08000000 0\nspeed\nspeed 1000\nspeed 0\nstats\nreset run\nreset")
    write("monitor", "flash-l552", "0flash info\nverify\nverify l1 off l2 readback\nflash erase 0x08000000 0x800\n"
          "flash mass-erase 1\nflash routine off\nflash routine on\nstm32l5 options\nstm32l5 bker learn\n"
          "stm32l5 set dbank 0\nstm32l5 set swap_bank 1 confirm")
    write("monitor", "flash-f401", "1flash info\notp\notp show\notp enable\notp enable locks\notp disable\n"
          "flash erase 0x08004000 0x4000\nflash mass-erase")
    write("monitor", "loader-l562e-dk", "2loader info\nloader trace on\nloader buffers 2\nloader report\n"
          "loader add /nonexistent.flm@0x90000000\nloader buffers 99\nflash info")
    write("monitor", "debug", "0disasm 0x08000000 4\ndisasm 0x20000000\nfault\nmdw 0xffffffff 2\nmdw 1 9999")


# ---- SWD: bit streams as a debugger clocks them ----

class Swd:
    """Cycles as (drive, bit) pairs, packed as the swd_wire harness reads them."""

    def __init__(self):
        self.cycles = []

    def bits(self, value, n):
        self.cycles += [(1, (value >> i) & 1) for i in range(n)]

    def line_reset(self):
        self.bits((1 << 56) - 1, 56)
        self.bits(0, 4)

    def jtag_to_swd(self):
        self.bits((1 << 56) - 1, 56)
        self.bits(0xE79E, 16)
        self.line_reset()

    def transfer(self, apndp, rnw, a, data=0):
        a2, a3 = (a >> 2) & 1, (a >> 3) & 1
        for b in (1, apndp, rnw, a2, a3, apndp ^ rnw ^ a2 ^ a3, 0, 1):
            self.cycles.append((1, b))
        self.cycles += [(0, 0)] * 4		# turnaround, ACK (OK assumed)
        if rnw:
            self.cycles += [(0, 0)] * 34	# data, parity, turnaround
        else:
            self.cycles.append((0, 0))
            self.bits(data, 32)
            self.bits(bin(data).count("1") & 1, 1)
        self.bits(0, 2)

    def packed(self, interleaved):
        n = (len(self.cycles) + 7) // 8
        dirs, outs = bytearray(n), bytearray(n)
        for i, (d, o) in enumerate(self.cycles):
            dirs[i // 8] |= d << (i % 8)
            outs[i // 8] |= o << (i % 8)
        if interleaved:
            return bytes(b for pair in zip(dirs, outs) for b in pair)
        return len(self.cycles), bytes(dirs), bytes(outs)


def swd_session(kind):
    s = Swd()
    s.jtag_to_swd()
    s.transfer(0, 1, 0x0)				# DPIDR
    s.transfer(0, 0, 0x0, 0x1E)			# ABORT: clear sticky flags
    s.transfer(0, 0, 0x8, 0)			# SELECT
    s.transfer(0, 0, 0x4, 0x50000000)		# CTRL/STAT: power-up requests
    s.transfer(0, 1, 0x4)
    if kind == "connect":
        s.transfer(0, 0, 0x8, 0xF0)		# SELECT bank 0xF
        s.transfer(1, 1, 0xC)			# AP IDR (posted)
        s.transfer(0, 1, 0xC)			# RDBUFF
        return s
    s.transfer(1, 0, 0x0, 0x23000012)		# CSW: 32-bit, increment
    if kind == "halt":
        s.transfer(1, 0, 0x4, 0xE000EDF0)	# TAR = DHCSR
        s.transfer(1, 0, 0xC, 0xA05F0003)	# C_DEBUGEN | C_HALT
        s.transfer(1, 1, 0xC)
        s.transfer(0, 1, 0xC)
    else:
        s.transfer(1, 0, 0x4, 0x20000000)	# TAR in SRAM
        for w in (0x11223344, 0x55667788, 0xDEADBEEF):
            s.transfer(1, 0, 0xC, w)
        s.transfer(1, 0, 0x4, 0x20000000)
        s.transfer(1, 1, 0xC)
        s.transfer(1, 1, 0xC)
        s.transfer(0, 1, 0xC)
    return s


def swd_wire_seeds():
    for kind in ("connect", "halt", "memory"):
        write("swd_wire", kind, swd_session(kind).packed(True))
    s = Swd()
    s.bits((1 << 56) - 1, 56)
    s.bits(0, 4)
    # Dormant wake-up: 0xFF x8 at least, the 128-bit selection alert, 4 low, activation code for SW-DP (0x1A).
    s.bits(0xFF, 8)
    for word in (0x6209F392, 0x86852D95, 0xE3DDAFE9, 0x19BC0EA2):
        s.bits(word, 32)
    s.bits(0, 4)
    s.bits(0x1A, 8)
    s.line_reset()
    s.transfer(0, 1, 0x0)
    write("swd_wire", "dormant-wakeup", s.packed(True))


# ---- J-Link over TCP: commands prefixed by 0x07 ----

def jlink(cmd, payload=b""):
    return b"\x07" + bytes([cmd]) + payload


def swd_io(session):
    n, dirs, outs = session.packed(False)
    return jlink(0xCF, b"\x00" + struct.pack("<H", n) + dirs + outs)


def jlink_proto_seeds():
    hello = (jlink(0x01) + jlink(0xE8) + jlink(0xED) + jlink(0xF0) + jlink(0xF2) + jlink(0xD4) +
             jlink(0xC7, b"\xff") + jlink(0xC7, b"\xfe") + jlink(0xC7, b"\x01") + jlink(0xC0) +
             jlink(0x05, struct.pack("<H", 4000)) + jlink(0x07) +
             jlink(0x09, b"\x64" + struct.pack("<IIH", 1234, 0x7F000001, 0) + struct.pack("<H", 0)) +
             jlink(0xC1, struct.pack("<I", 0x0F)))
    # first byte: how the stream is cut into reads (1 + b % 64)
    write("jlink_proto", "openocd-connect", b"\x3f" + hello + swd_io(swd_session("connect")))
    write("jlink_proto", "reset-halt", b"\x06" + jlink(0xDC) + jlink(0xDD) + swd_io(swd_session("halt")) +
          jlink(0x05, struct.pack("<H", 0xFFFF)) + jlink(0xC7, b"\x00") + jlink(0xDE) + jlink(0xDF))
    write("jlink_proto", "memory", b"\x00" + swd_io(swd_session("memory")) + jlink(0xCF, b"\x00\x00\x00"))
    write("jlink_proto", "unsupported-close", b"\x10" + jlink(0x01) + jlink(0xEE, b"\x00" * 8))
    write("jlink_proto", "framing-error", b"\x01" + jlink(0xE8) + b"\x42")
    write("jlink_proto", "truncated", b"\x02" + jlink(0xCF, b"\x00\x40\x00" + b"\xff" * 5))


def rtt_block_seeds():
    """RAM images of 2048 bytes at 0x20000000 with a control block, then program steps."""
    ram_base, ram_size = 0x20000000, 2048

    def block(at, ups, downs, ident=b"SEGGER RTT"):
        """ups/downs: (buffer offset, size, wroff, rdoff, flags); names point into RAM too."""
        ram = bytearray(ram_size)
        ram[0x700:0x709] = b"Terminal\0"
        cb = ident.ljust(16, b"\0") + struct.pack("<ii", len(ups), len(downs))
        for off, size, wr, rd, flags in ups + downs:
            cb += struct.pack("<IIIIII", ram_base + 0x700, ram_base + off, size, wr, rd, flags)
        ram[at:at + len(cb)] = cb
        return ram

    def step(off, value, host=0x41):
        return struct.pack("<HIB", off, value, host)

    # up 0: 64 bytes at 0x400 holding 20 bytes of text; up 1: 32 at 0x480; down 0: 16 at 0x4a0
    ram = block(0x100, [(0x400, 64, 20, 0, 2), (0x480, 32, 0, 0, 2)], [(0x4A0, 16, 0, 0, 2)])
    ram[0x400:0x414] = b"rtt line 1 of 40: ok"
    up0 = 0x100 + 24                        # descriptors follow the 24-byte header
    write("rtt_block", "block-with-data", bytes(ram) +
          step(up0 + 12, 40) + step(0x414, 0x41424344) + step(up0 + 12, 63) + step(up0 + 12, 5))
    write("rtt_block", "corrupt-fields", bytes(ram) +
          step(up0 + 8, 0) + step(up0 + 12, 0x1234) + step(0x100 + 16, 0x7FFFFFFF) + step(up0 + 4, 0xF0000000))
    write("rtt_block", "wrapping-down", bytes(block(0x10, [(0x400, 64, 0, 0, 2)], [(0x600, 16, 0, 0, 2)])) +
          b"".join(step(0x10 + 24 + 24 + 16, n % 16, 0x30 + n) for n in range(40)))
    write("rtt_block", "decoy-ids", bytes(block(0x7F0, [], [], b"SEGGER RTX")) +
          step(0x7F0 + 9, 0x54) + step(0, 0))


if __name__ == "__main__":
    rsp_packet_seeds()
    gdb_dispatch_seeds()
    monitor_seeds()
    swd_wire_seeds()
    jlink_proto_seeds()
    rtt_block_seeds()
