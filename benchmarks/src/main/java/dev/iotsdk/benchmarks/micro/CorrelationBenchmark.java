package dev.iotsdk.benchmarks.micro;

import dev.iotsdk.core.internal.requestresponse.FieldReadResult;
import dev.iotsdk.core.internal.requestresponse.JsonCorrelationTokenReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The request/response engine's correlation lookup: reading the top-level {@code clientToken} of every response on a
 * shared response topic (a shadow update's accepted document, with metadata) before it is matched to its request.
 * Kotlin-internal classes, reached from Java for the benchmark only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CorrelationBenchmark {
    private final byte[] accepted = ("{\"state\":{\"reported\":{\"temperature\":21.5,\"humidity\":48,\"led\":\"green\","
        + "\"interval\":30,\"firmware\":{\"version\":\"1.4.2\",\"channel\":\"stable\"}}},\"metadata\":{\"reported\":"
        + "{\"temperature\":{\"timestamp\":1764849600},\"humidity\":{\"timestamp\":1764849600},\"led\":{\"timestamp\":"
        + "1764849600},\"interval\":{\"timestamp\":1764849600},\"firmware\":{\"version\":{\"timestamp\":1764849600},"
        + "\"channel\":{\"timestamp\":1764849600}}}},\"version\":4711,\"timestamp\":1764849600,"
        + "\"clientToken\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}").getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public FieldReadResult readClientToken() {
        return JsonCorrelationTokenReader.INSTANCE.read(accepted, "clientToken");
    }
}
