package dev.iotsdk.samples.dataplane;

import dev.iotsdk.auth.Credentials;
import dev.iotsdk.auth.StaticCredentialsProvider;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.dataplane.IotDataPlaneClient;
import dev.iotsdk.dataplane.IotDataPlaneClientJava;
import dev.iotsdk.dataplane.IotDataPlaneConfig;
import dev.iotsdk.dataplane.ListRetainedMessagesPage;
import dev.iotsdk.dataplane.PaginationConfig;
import dev.iotsdk.dataplane.PublishRequest;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.shadow.ShadowDocument;
import dev.iotsdk.shadow.ShadowClient;
import dev.iotsdk.shadow.ShadowClientJava;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The companion app in Java, on an in-process emulator: a lamp (MQTT) reports every desired change it receives;
 * the app (HTTPS, {@link IotDataPlaneClientJava}) reads the shadow, sets {@code desired.power}, waits for the
 * lamp's report, publishes a retained status and lists the retained messages.
 */
public final class CompanionAppJava {
    private CompanionAppJava() {
    }

    /** Runs the sample. */
    public static void main(String[] args) throws Exception {
        try (IotEmulator emulator = IotEmulator.start()) {
            IotMqttClientConfig mqttConfig = IotMqttClientConfig.builder()
                .endpoint(emulator.getEndpoint())
                .port(emulator.getPlainPort())
                .connectionType(new ConnectionType.Tcp())
                .clientId("java-lamp")
                .build();
            IotDataPlaneConfig appConfig = IotDataPlaneConfig.builder()
                .endpoint("https://localhost:" + emulator.getPort443())
                .region(emulator.getRegion())
                .credentialsProvider(new StaticCredentialsProvider(new Credentials(
                    emulator.getCredentials().getAccessKeyId(), emulator.getCredentials().getSecretAccessKey(), null, null)))
                .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
                .build();
            try (IotMqttClient mqtt = IotMqttClient.create(mqttConfig); IotDataPlaneClient client = IotDataPlaneClient.create(appConfig)) {
                mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
                ShadowClientJava lamp = new ShadowClient(mqtt, "java-lamp").asJava();
                lamp.update("{\"reported\":{\"power\":\"off\"}}", null, null).get(20, TimeUnit.SECONDS);
                CompletableFuture<ShadowDocument> reported = new CompletableFuture<>();
                AutoCloseable deltas = lamp.onDelta(null, delta -> {
                    System.out.println("lamp: applying " + delta.getState());
                    lamp.update("{\"reported\":" + delta.getState() + "}", null, null)
                        .whenComplete((doc, error) -> {
                            if (error != null) {
                                reported.completeExceptionally(error);
                            } else {
                                reported.complete(doc);
                            }
                        });
                }, Throwable::printStackTrace);

                IotDataPlaneClientJava app = client.asJava();
                System.out.println("app: shadow " + app.getThingShadow("java-lamp", null).get(20, TimeUnit.SECONDS).getState());
                app.updateThingShadow("java-lamp", "{\"desired\":{\"power\":\"on\"}}", null).get(20, TimeUnit.SECONDS);
                System.out.println("app: the lamp reported version " + reported.get(20, TimeUnit.SECONDS).getVersion());
                System.out.println("app: shadow " + app.getThingShadow("java-lamp", null).get(20, TimeUnit.SECONDS).getState());

                app.publish(PublishRequest.builder("lamps/java-lamp/status").payload("{\"online\":true}").qos(1).retain(true).build())
                    .get(20, TimeUnit.SECONDS);
                for (ListRetainedMessagesPage page : app.listRetainedMessagesPages(PaginationConfig.DEFAULT).get(20, TimeUnit.SECONDS)) {
                    page.getRetainedTopics().forEach(t -> System.out.println("app: retained " + t.getTopic()));
                }
                deltas.close();
                lamp.close();
            }
        }
    }
}
