package dev.iotsdk.samples.greengrass;

import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.greengrass.EmulatedGreengrassGroup;
import dev.iotsdk.greengrass.CoreConnectAttempt;
import dev.iotsdk.greengrass.CoreConnection;
import dev.iotsdk.greengrass.GreengrassDiscoveryClient;
import dev.iotsdk.greengrass.GreengrassDiscoveryClientJava;
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig;
import dev.iotsdk.model.greengrass.DiscoveryInfo;
import dev.iotsdk.model.greengrass.GreengrassGroup;
import dev.iotsdk.samples.SampleOptions;
import dev.iotsdk.samples.Transcript;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The v1 SDK's basic discovery flow in Java: discover, pick a core, connect trusting the group CA, publish. Without
 * {@code --endpoint} it runs against an in-process emulator with a Greengrass group and core; with
 * {@code --endpoint … --cert … --key … --thing …} against AWS IoT. The flags are {@link BasicDiscovery}'s;
 * {@code --help} lists them.
 */
public final class BasicDiscoveryJava {
    private BasicDiscoveryJava() {
    }

    /** Discovers, connects to a core and publishes; returns the endpoint used. Prints its progress. */
    public static String run(GreengrassDiscoveryConfig config, String thingName, String topic, String message) throws Exception {
        return run(config, thingName, topic, message, System.out::println);
    }

    /** Discovers, connects to a core and publishes; returns the endpoint used. */
    public static String run(GreengrassDiscoveryConfig config, String thingName, String topic, String message, Consumer<String> say)
            throws Exception {
        try (GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(config).asJava()) {
            say.accept("discovering the Greengrass cores of '" + thingName + "' at " + config.getEndpoint() + ":" + config.getPort());
            DiscoveryInfo info = discovery.discover(thingName).join();
            for (GreengrassGroup group : info.getAllGroups()) {
                say.accept("group " + group.getGroupId() + ": " + group.getCores().size() + " core(s)");
            }
            say.accept("connecting to a core");
            CoreConnection connection = discovery.connectToCore(info, thingName).join();
            for (CoreConnectAttempt failed : connection.getFailedAttempts()) {
                say.accept("could not use " + failed.getEndpoint().describe() + ": " + failed.getReason());
            }
            try (IotMqttClientJava client = connection.getClient().asJava()) {
                client.publish(MqttMessage.text(topic, message)).join();
                say.accept("published to '" + topic + "' through " + connection.getEndpoint().describe());
            }
            return connection.getEndpoint().describe();
        }
    }

    /** Runs the sample; exits 2 on bad flags, 1 when discovery or the connection fails. */
    public static void main(String[] args) {
        SampleOptions options = SampleOptions.parseOrExit(args, SampleOptions.USAGE + "\n" + BasicDiscovery.USAGE, BasicDiscovery.FLAGS);
        Transcript out = new Transcript();
        SampleOptions.runOrExit(() -> run(options, out::say));
        out.say("done");
    }

    /** Runs the sample as {@code options} say: against the embedded emulator, or AWS IoT with {@code --endpoint}. */
    public static String run(SampleOptions options, Consumer<String> say) throws Exception {
        String thing = options.getThing() != null ? options.getThing() : "gg-java-device";
        String topic = options.extra("topic") != null ? options.extra("topic") : "sdk/test/java";
        String message = options.extra("message") != null ? options.extra("message") : "{\"message\":\"Hello from Java\"}";
        if (options.getEndpoint() != null) {
            // against AWS IoT: GreengrassDiscoveryConfig.builder().region("us-west-2").identity(...).build()
            return run(BasicDiscovery.awsConfig(options), thing, topic, message, say);
        }
        say.accept("BasicDiscoveryJava against the embedded emulator (a group with one core)");
        try (IotEmulator emulator = IotEmulator.start()) {
            DeviceIdentity device = emulator.registerThing(thing);
            EmulatedGreengrassGroup group = emulator.getGreengrass().createGroup("gg-java-group");
            emulator.getGreengrass().addThingToGroup(device.getThingName(), group.getGroupId());
            emulator.getGreengrass().startCore(group.getGroupId());
            GreengrassDiscoveryConfig config = GreengrassDiscoveryConfig.builder()
                .endpoint(emulator.getEndpoint())
                .port(emulator.getPort8443())
                .identity(TlsIdentity.fromPemFiles(device.getCertificatePath(), device.getPrivateKeyPath()))
                .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
                .timeout(Duration.ofSeconds(10))
                .build();
            return run(config, device.getThingName(), topic, message, say);
        }
    }
}
