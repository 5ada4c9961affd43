package dev.iotsdk.tunneling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java view, written the way a Java user would: builder, futures, state callbacks. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class SecureTunnelJavaTest {

    @Test
    void bothEndsRunFromJava(IotEmulator emulator) throws Exception {
        TunnelControl control = new TunnelControl(emulator);
        OpenedTunnel t = control.open("java-thing", new String[] {"SSH"});
        try (LocalServer echo = LocalServer.Companion.echo()) {
            SecureTunnelConfig.Builder device = SecureTunnelConfig.builder().mode(TunnelMode.DESTINATION)
                .accessToken(t.getDestinationToken()).destination("SSH", "localhost", echo.getPort());
            SecureTunnelConfig.Builder operator = SecureTunnelConfig.builder().mode(TunnelMode.SOURCE)
                .accessToken(t.getSourceToken()).source("SSH", 0);
            try (SecureTunnelJava destination =
                     new SecureTunnel(TunnelFixturesKt.onEmulator(device, emulator).build()).asJava();
                 SecureTunnelJava source =
                     new SecureTunnel(TunnelFixturesKt.onEmulator(operator, emulator).build()).asJava()) {
                LinkedBlockingQueue<TunnelState> states = new LinkedBlockingQueue<>();
                AutoCloseable watching = source.onState(states::add);
                destination.start().get(20, TimeUnit.SECONDS);
                source.start().get(20, TimeUnit.SECONDS);
                TunnelState seen;
                do {
                    seen = states.poll(20, TimeUnit.SECONDS);
                } while (seen != TunnelState.CONNECTED);
                watching.close();
                try (Socket s = new Socket("localhost", source.localPort("SSH"))) {
                    s.getOutputStream().write("hello from java".getBytes(StandardCharsets.UTF_8));
                    byte[] back = new byte[15];
                    InputStream in = s.getInputStream();
                    int n = 0;
                    while (n < back.length) {
                        n += in.read(back, n, back.length - n);
                    }
                    assertEquals("hello from java", new String(back, StandardCharsets.UTF_8));
                }
            }
        }
    }

    @Test
    void aRefusedTokenFailsTheStartFuture(IotEmulator emulator) {
        SecureTunnelConfig.Builder operator = SecureTunnelConfig.builder().mode(TunnelMode.SOURCE)
            .accessToken("not-a-token").source("SSH", 0);
        try (SecureTunnelJava source =
                 new SecureTunnel(TunnelFixturesKt.onEmulator(operator, emulator).build()).asJava()) {
            ExecutionException e =
                assertThrows(ExecutionException.class, () -> source.start().get(20, TimeUnit.SECONDS));
            TunnelHandshakeException refused = assertInstanceOf(TunnelHandshakeException.class, e.getCause());
            assertEquals(401, refused.getStatus());
        }
    }
}
