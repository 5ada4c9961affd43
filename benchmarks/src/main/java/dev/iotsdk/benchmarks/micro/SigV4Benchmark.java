package dev.iotsdk.benchmarks.micro;

import dev.iotsdk.auth.Credentials;
import dev.iotsdk.auth.SigV4;
import dev.iotsdk.auth.SignedRequest;
import dev.iotsdk.auth.SigningRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kotlin.Pair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * SigV4 as iotsdk uses it: the WebSocket presign done on every (re)connect, and an iot-data HTTPS publish signed
 * with an Authorization header.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SigV4Benchmark {
    private final Credentials credentials = new Credentials(
        "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example", null);
    private final Instant time = Instant.parse("2026-11-23T12:00:00Z");
    private final String host = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
    private final SigningRequest publish = new SigningRequest(
        "POST",
        host,
        "/topics/dt/sensors/sensor-1/telemetry",
        List.of(new Pair<>("qos", "1")),
        List.of(new Pair<>("content-type", "application/json")),
        "{\"temperature\":21.5,\"humidity\":48}".getBytes(StandardCharsets.UTF_8),
        null);

    @Benchmark
    public String presignWebSocketQuery() {
        return SigV4.presignWebSocketQuery(host, "us-east-1", credentials, time);
    }

    @Benchmark
    public SignedRequest signDataPlanePublish() {
        return SigV4.sign(publish, credentials, "us-east-1", "iotdata", time);
    }
}
