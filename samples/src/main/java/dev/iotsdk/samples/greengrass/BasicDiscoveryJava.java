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
import java.time.Duration;

/**
 * The v1 SDK's basic discovery flow in Java: discover, pick a core, connect trusting the group CA, publish. Against
 * AWS use {@code .region("us-west-2")} and {@code TrustMaterial.fromPemFile(AmazonRootCA1.pem)}; this main runs
 * against an in-process emulator with a Greengrass group and core.
 */
public final class BasicDiscoveryJava {
    private BasicDiscoveryJava() {
    }

    /** Discovers, connects to a core and publishes; returns the endpoint used. */
    public static String run(GreengrassDiscoveryConfig config, String thingName, String topic, String message) throws Exception {
        try (GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(config).asJava()) {
            DiscoveryInfo info = discovery.discover(thingName).join();
            for (GreengrassGroup group : info.getAllGroups()) {
                System.out.println("group " + group.getGroupId() + ": " + group.getCores().size() + " core(s)");
            }
            CoreConnection connection = discovery.connectToCore(info, thingName).join();
            for (CoreConnectAttempt failed : connection.getFailedAttempts()) {
                System.out.println("could not use " + failed.getEndpoint().describe() + ": " + failed.getReason());
            }
            try (IotMqttClientJava client = connection.getClient().asJava()) {
                client.publish(MqttMessage.text(topic, message)).join();
                System.out.println("published to '" + topic + "' through " + connection.getEndpoint().describe());
            }
            return connection.getEndpoint().describe();
        }
    }

    /** Runs the sample against an emulator. */
    public static void main(String[] args) throws Exception {
        try (IotEmulator emulator = IotEmulator.start()) {
            DeviceIdentity device = emulator.registerThing("gg-java-device");
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
            run(config, device.getThingName(), "sdk/test/java", "{\"message\":\"Hello from Java\"}");
        }
    }
}
