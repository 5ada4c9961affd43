package dev.iotsdk.benchmarks.micro;

import dev.iotsdk.auth.Credentials;
import dev.iotsdk.auth.SigV4;
import dev.iotsdk.auth.SignedRequest;
import dev.iotsdk.auth.SigningRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kotlin.Pair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The signing cost of one iot-data request (a Publish with a small JSON body and a GetThingShadow), iotsdk's
 * {@link SigV4} next to the AWS SDK for Java v2 signer ({@code AwsV4HttpSigner}, which its {@code iotdataplane}
 * client uses), with the same credentials, time and request. The report of {@code benchmarks/run} (JMH section and
 * the data-plane signing target) shows both. Alone: {@code java -cp target/classes:$(cat target/classpath.txt)
 * org.openjdk.jmh.Main DataPlaneSigning}. The class-level warm-up and measurement settings apply when it runs alone;
 * the harness passes its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DataPlaneSigningBenchmark {
    private static final String HOST = "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com";
    private static final byte[] BODY = "{\"temperature\":21.5,\"humidity\":48}".getBytes(StandardCharsets.UTF_8);
    private final Instant time = Instant.parse("2026-11-23T12:00:00Z");
    private final Credentials ours = new Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, null);
    private final AwsCredentialsIdentity theirs = AwsCredentialsIdentity.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private final AwsV4HttpSigner awsSigner = AwsV4HttpSigner.create();
    private final Clock clock = Clock.fixed(time, ZoneOffset.UTC);

    private final SigningRequest publish = new SigningRequest(
        "POST", HOST, "/topics/dt%2Fsensors%2Fsensor-1", List.of(new Pair<>("qos", "1")), List.of(), BODY, null);
    private final SigningRequest get = new SigningRequest("GET", HOST, "/things/lamp-1/shadow", List.of(), List.of(), new byte[0], null);
    private final SdkHttpRequest awsPublish = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("https://" + HOST + "/topics/dt%2Fsensors%2Fsensor-1?qos=1")).build();
    private final SdkHttpRequest awsGet = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
        .uri(URI.create("https://" + HOST + "/things/lamp-1/shadow")).build();

    @Benchmark
    public SignedRequest iotsdkPublish() {
        return SigV4.sign(publish, ours, "us-east-1", "iotdata", time);
    }

    @Benchmark
    public SignedRequest iotsdkGetThingShadow() {
        return SigV4.sign(get, ours, "us-east-1", "iotdata", time);
    }

    @Benchmark
    public Object awsSdkV2Publish() {
        return awsSigner.sign(r -> configure(r, awsPublish, BODY));
    }

    @Benchmark
    public Object awsSdkV2GetThingShadow() {
        return awsSigner.sign(r -> configure(r, awsGet, null));
    }

    private void configure(software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<AwsCredentialsIdentity> r, SdkHttpRequest request, byte[] body) {
        r.identity(theirs).request(request)
            .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "iotdata")
            .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
            .putProperty(HttpSigner.SIGNING_CLOCK, clock);
        if (body != null) {
            r.payload(ContentStreamProvider.fromByteArray(body));
        }
    }
}
