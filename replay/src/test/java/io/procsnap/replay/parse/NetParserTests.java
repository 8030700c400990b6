package io.procsnap.replay.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetParserTests {

    @Test
    void unixListeningSocketWithPath() {
        List<UnixSocket> sockets = NetParser.unix(Samples.text("net-unix.txt"));
        assertEquals(5, sockets.size());
        UnixSocket listener = sockets.get(1);
        assertEquals("0000000004d02f2a", listener.num());
        assertEquals(0x00010000L, listener.flags());
        assertEquals(1, listener.type());
        assertEquals(1, listener.state());
        assertEquals(40236, listener.inode());
        assertEquals("/tmp/ps-sample/listen.sock", listener.path());
        assertTrue(listener.listening());
    }

    @Test
    void unixUnboundConnectedSocket() {
        UnixSocket s = NetParser.unix(Samples.text("net-unix.txt")).get(3);
        assertEquals(1057, s.inode());
        assertEquals(3, s.state());
        assertEquals("", s.path());
        assertFalse(s.listening());
    }

    @Test
    void unixAbstractAndPathWithSpace() {
        String text = "Num       RefCount Protocol Flags    Type St Inode Path\n"
                + "0000000064d8f1a2: 00000002 00000000 00010000 0001 01 23817 @/tmp/.X11-unix/X0\n"
                + "0000000064d8f1a3: 00000002 00000000 00000000 0002 01 23818 /run/my dir/s.sock\n";
        List<UnixSocket> s = NetParser.unix(text);
        assertEquals("@/tmp/.X11-unix/X0", s.get(0).path());
        assertEquals("/run/my dir/s.sock", s.get(1).path());
        assertEquals(2, s.get(1).type());
    }

    @Test
    void unixGarbage() {
        assertThrows(ParseException.class, () -> NetParser.unix("Num RefCount\nzz 1 2\n"));
    }

    @Test
    void tcpListener() {
        TcpSocket s = NetParser.tcp(Samples.text("net-tcp.txt")).get(0);
        assertEquals(0x07E8, s.localPort());
        assertEquals(TcpSocket.LISTEN, s.state());
        assertEquals(1060, s.inode());
        assertEquals(0, s.uid());
    }

    @Test
    void tcp6HeaderOnly() {
        assertEquals(List.of(), NetParser.tcp(Samples.text("net-tcp6.txt")));
    }
}
