package dev.iotsdk.samples.credentials;

import dev.iotsdk.auth.CognitoCredentialsProvider;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.core.Qos;
import dev.iotsdk.core.Subscription;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.samples.SampleOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The v1 SDK's {@code basicPubSub_CognitoSTS} sample in Java: Cognito credentials (unauthenticated identity) sign an
 * MQTT-over-WebSocket connection; the app subscribes to a topic and publishes to it. Without {@code --endpoint} it runs
 * on an in-process emulator; with {@code --endpoint … --pool <region>:<uuid>} against AWS IoT and Amazon Cognito. The
 * flags are {@link CognitoPubSub}'s; {@code --help} lists them.
 */
public final class CognitoPubSubJava {
    private CognitoPubSubJava() {
    }

    /** Runs the sample; exits 2 on bad flags, 1 when a step fails. */
    public static void main(String[] args) {
        SampleOptions options = CognitoPubSub.parse(args);
        String topic = options.extra("topic") != null ? options.extra("topic") : "sdk/test/java";
        int count = CognitoPubSub.count(options);
        SampleOptions.runOrExit(() -> {
            List<String> received;
            if (options.getEndpoint() == null) {
                try (IotEmulator emulator = IotEmulator.start()) {
                    String pool = emulator.createIdentityPool("cognito-pubsub-java", true);
                    received = run(emulator.getEndpoint(), emulator.getPort443(), emulator.getRegion(), pool,
                        "https://localhost:" + emulator.getPort443(), TrustMaterial.fromPemFile(emulator.getCaPath()), topic, count);
                }
            } else {
                String pool = options.extra("pool");
                String region = options.getRegion() != null ? options.getRegion() : pool.substring(0, pool.indexOf(':'));
                received = run(options.getEndpoint(), options.getPort() != null ? options.getPort() : 443, region, pool, null,
                    options.trust(), topic, count);
            }
            System.out.println("received " + received);
        });
    }

    /** Connects with Cognito credentials, publishes {@code count} messages to {@code topic}, returns those received. */
    public static List<String> run(String endpoint, int port, String region, String identityPoolId, String cognitoEndpoint,
                                   TrustMaterial trust, String topic, int count) throws Exception {
        CognitoCredentialsProvider.Builder cognitoBuilder = CognitoCredentialsProvider.builder()
            .identityPoolId(identityPoolId).region(region).trust(trust);
        if (cognitoEndpoint != null) {
            cognitoBuilder.endpoint(cognitoEndpoint);
        }
        try (CognitoCredentialsProvider cognito = cognitoBuilder.build()) {
            IotMqttClientConfig config = IotMqttClientConfig.builder()
                .endpoint(endpoint).port(port)
                .connectionType(new ConnectionType.WebSocketSigV4(cognito, region))
                .trust(trust)
                .clientId("cognito-java")
                .build();
            try (IotMqttClient client = IotMqttClient.create(config)) {
                IotMqttClientJava mqtt = client.asJava();
                mqtt.connect().get(20, TimeUnit.SECONDS);
                System.out.println("connected over WebSocket; Cognito identity " + cognito.getIdentityId());
                List<String> received = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch all = new CountDownLatch(count);
                try (AutoCloseable listener = mqtt.onMessage(m -> {
                    if (m.getTopic().equals(topic)) {
                        received.add(m.payloadAsString());
                        all.countDown();
                    }
                })) {
                    mqtt.subscribeAll(List.of(new Subscription(topic, Qos.AT_LEAST_ONCE))).get(20, TimeUnit.SECONDS);
                    for (int i = 1; i <= count; i++) {
                        mqtt.publish(MqttMessage.text(topic, "Hello from Java #" + i, Qos.AT_LEAST_ONCE)).get(20, TimeUnit.SECONDS);
                    }
                    if (!all.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("received only " + received);
                    }
                }
                return new ArrayList<>(received);
            }
        }
    }
}
