package dev.iotsdk.benchmarks.micro;

import dev.iotsdk.core.internal.TopicMatcher;
import dev.iotsdk.core.internal.TopicValidation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The topic checks on iot-core's hot paths: validation of every published topic name (with AWS IoT's limits), and
 * the filter match run for every incoming message against every held filter (exact, single-level and multi-level
 * wildcards, as the shadow client's response filters use them). These are Kotlin-internal classes; Java reaches them
 * because Kotlin's {@code internal} compiles to public bytecode: a benchmark-only use, not API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TopicBenchmark {
    private final TopicValidation aws = TopicValidation.Companion.of(true);
    private final String shadowTopic = "$aws/things/sensor-0042/shadow/name/config/update/accepted";
    private final String telemetryTopic = "dt/factory-7/line-3/sensor-0042/telemetry";

    @Benchmark
    public String validateTopicName() {
        aws.checkTopicName(telemetryTopic);
        return telemetryTopic;
    }

    @Benchmark
    public String validateTopicFilter() {
        aws.checkTopicFilter("$aws/things/sensor-0042/shadow/name/+/update/#");
        return shadowTopic;
    }

    @Benchmark
    public boolean matchExact() {
        return TopicMatcher.INSTANCE.matches(shadowTopic, shadowTopic);
    }

    @Benchmark
    public boolean matchSingleLevelWildcard() {
        return TopicMatcher.INSTANCE.matches("$aws/things/sensor-0042/shadow/name/+/update/accepted", shadowTopic);
    }

    @Benchmark
    public boolean matchMultiLevelWildcard() {
        return TopicMatcher.INSTANCE.matches("$aws/things/sensor-0042/shadow/#", shadowTopic);
    }

    @Benchmark
    public boolean missEarly() {
        return TopicMatcher.INSTANCE.matches("dt/factory-7/+/+/telemetry", shadowTopic);
    }
}
