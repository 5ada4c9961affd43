package dev.iotsdk.samples.tunneling;

import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.tunneling.SecureTunnel;
import dev.iotsdk.tunneling.SecureTunnelConfig;
import dev.iotsdk.tunneling.SecureTunnelJava;
import dev.iotsdk.tunneling.TunnelMode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tunnel sample from Java: the device's shell server behind a destination proxy, an operator session through a
 * source proxy, both on the embedded emulator (see {@link TunnelSample} for the Kotlin version, which also takes the
 * destination token from the device's notify topic).
 *
 * <p>{@code mvn -q -pl samples exec:java -Dexec.mainClass=dev.iotsdk.samples.tunneling.TunnelSampleJava}
 */
public final class TunnelSampleJava {
    private TunnelSampleJava() {}

    /** Runs the sample. */
    public static void main(String[] args) throws Exception {
        try (IotEmulator emulator = IotEmulator.start();
             TunnelSample.ShellServer shell = new TunnelSample.ShellServer()) {
            TunnelOpener.Tunnel tunnel = TunnelOpener.open(emulator, "java-device", "SSH");
            System.out.println("operator: opened tunnel " + tunnel.getId());
            TrustMaterial trust = TrustMaterial.fromPem(emulator.getCaCertificatePem());
            SecureTunnelConfig device = SecureTunnelConfig.builder().mode(TunnelMode.DESTINATION)
                .accessToken(tunnel.getDestinationAccessToken()).endpoint("localhost", emulator.getPort443())
                .trust(trust).destination("SSH", "localhost", shell.getPort()).build();
            SecureTunnelConfig operator = SecureTunnelConfig.builder().mode(TunnelMode.SOURCE)
                .accessToken(tunnel.getSourceAccessToken()).endpoint("localhost", emulator.getPort443())
                .trust(trust).source("SSH", 0).build();
            try (SecureTunnelJava destination = new SecureTunnel(device).asJava();
                 SecureTunnelJava source = new SecureTunnel(operator).asJava()) {
                destination.start().get(20, TimeUnit.SECONDS);
                source.start().get(20, TimeUnit.SECONDS);
                int port = source.localPort("SSH");
                System.out.println("operator: the device's shell is at localhost:" + port);
                try (Socket s = new Socket("localhost", port)) {
                    BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                    System.out.println("session: " + in.readLine());
                    for (String command : List.of("whoami", "exit")) {
                        out.println(command);
                        System.out.println("session: $ " + command + " -> " + in.readLine());
                    }
                }
            }
        }
        System.out.println("done");
    }
}
