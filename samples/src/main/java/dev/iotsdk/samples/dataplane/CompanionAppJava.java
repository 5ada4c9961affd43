package dev.iotsdk.samples.dataplane;

import dev.iotsdk.auth.Credentials;
import dev.iotsdk.auth.DefaultCredentialsProvider;
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
import dev.iotsdk.samples.SampleOptions;
import dev.iotsdk.samples.Transcript;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The companion app in Java. Without {@code --endpoint} it runs the whole story on an in-process emulator: a lamp
 * (MQTT) reports every desired change it receives; the app (HTTPS, {@link IotDataPlaneClientJava}) reads the shadow,
 * sets {@code desired.power}, waits for the lamp's report, publishes a retained status and lists the retained
 * messages. With {@code --endpoint <data-ats endpoint> [--thing lamp-1] [--power on|off]} it is the app's part against
 * AWS IoT, with the default credentials chain (environment, then {@code ~/.aws}). The flags are {@link CompanionApp}'s;
 * {@code --help} lists them.
 */
public final class CompanionAppJava {
    private CompanionAppJava() {
    }

    /** Runs the sample; exits 2 on bad flags, 1 when a call fails. */
    public static void main(String[] args) {
        SampleOptions options = SampleOptions.parseOrExit(args, CompanionApp.USAGE, CompanionApp.FLAGS, false);
        String power = options.extra("power") != null ? options.extra("power") : "on";
        if (!power.equals("on") && !power.equals("off")) {
            SampleOptions.usageError("--power must be on or off, got '" + power + "'", CompanionApp.USAGE);
        }
        Transcript out = new Transcript();
        SampleOptions.runOrExit(() -> {
            if (options.getEndpoint() == null) {
                runOnEmulator(out::say);
            } else {
                runAgainst(options, out::say);
            }
        });
        out.say("done");
    }

    /** The app's part against the endpoint {@code options} name: read the shadow, set desired power, list retained topics. */
    public static void runAgainst(SampleOptions options, Consumer<String> say) throws Exception {
        String thing = options.getThing() != null ? options.getThing() : "lamp-1";
        String power = options.extra("power") != null ? options.extra("power") : "on";
        IotDataPlaneConfig.Builder config = IotDataPlaneConfig.builder()
            .endpoint(options.getEndpoint())
            .credentialsProvider(DefaultCredentialsProvider.INSTANCE);
        if (options.getRegion() != null) config.region(options.getRegion());
        if (options.getCa() != null) config.trust(options.trust());
        try (IotDataPlaneClient client = IotDataPlaneClient.create(config.build())) {
            IotDataPlaneClientJava app = client.asJava();
            say.accept("shadow of " + thing + ": " + app.getThingShadowJson(thing, null).get(20, TimeUnit.SECONDS));
            ShadowDocument accepted = app.updateThingShadow(thing, "{\"desired\":{\"power\":\"" + power + "\"}}", null).get(20, TimeUnit.SECONDS);
            say.accept("desired power=" + power + " accepted as version " + accepted.getVersion() + "; the lamp reports it when it syncs");
            for (ListRetainedMessagesPage page : app.listRetainedMessagesPaginator(PaginationConfig.DEFAULT)) {
                page.getRetainedTopics().forEach(t -> say.accept("retained: " + t.getTopic()));
            }
        }
    }

    /** The whole story on an in-process emulator, the lamp included. */
    public static void runOnEmulator(Consumer<String> say) throws Exception {
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
                say.accept("lamp: connecting over MQTT");
                mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
                ShadowClientJava lamp = new ShadowClient(mqtt, "java-lamp").asJava();
                lamp.update("{\"reported\":{\"power\":\"off\"}}", null, null).get(20, TimeUnit.SECONDS);
                CompletableFuture<ShadowDocument> reported = new CompletableFuture<>();
                AutoCloseable deltas = lamp.onDelta(null, delta -> {
                    // the delta's state is a JSON object (a java.util.Map whose toString() is its JSON text)
                    say.accept("lamp: applying " + delta.getState());
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
                say.accept("app: shadow " + app.getThingShadowJson("java-lamp", null).get(20, TimeUnit.SECONDS));
                app.updateThingShadow("java-lamp", "{\"desired\":{\"power\":\"on\"}}", null).get(20, TimeUnit.SECONDS);
                say.accept("app: the lamp reported version " + reported.get(20, TimeUnit.SECONDS).getVersion());
                say.accept("app: shadow " + app.getThingShadowJson("java-lamp", null).get(20, TimeUnit.SECONDS));

                app.publish(PublishRequest.builder("lamps/java-lamp/status").payload("{\"online\":true}").qos(1).retain(true).build())
                    .get(20, TimeUnit.SECONDS);
                for (ListRetainedMessagesPage page : app.listRetainedMessagesPaginator(PaginationConfig.DEFAULT)) {
                    page.getRetainedTopics().forEach(t -> say.accept("app: retained " + t.getTopic()));
                }
                deltas.close();
                lamp.close();
            }
        }
    }
}
