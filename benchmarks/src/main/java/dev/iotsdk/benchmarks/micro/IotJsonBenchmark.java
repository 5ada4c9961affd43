package dev.iotsdk.benchmarks.micro;

import java.util.concurrent.TimeUnit;
import kotlinx.serialization.json.JsonElement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** `IotJson` (iot-model) on a shadow-update-sized document: typed decode and encode, and a tree parse. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IotJsonBenchmark {
    private final String json = JsonFixtures.SAMPLE;
    private final ShadowUpdate decoded = JsonFixtures.decode(json);

    @Benchmark
    public ShadowUpdate decodeShadowUpdate() {
        return JsonFixtures.decode(json);
    }

    @Benchmark
    public String encodeShadowUpdate() {
        return JsonFixtures.encode(decoded);
    }

    @Benchmark
    public JsonElement parseTree() {
        return JsonFixtures.parseTree(json);
    }
}
