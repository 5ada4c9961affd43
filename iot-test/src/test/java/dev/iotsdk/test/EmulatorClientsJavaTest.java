package dev.iotsdk.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.core.MqttVersion;
import dev.iotsdk.core.NegotiatedSettings;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The emulator client builders, called from Java. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class EmulatorClientsJavaTest {

    @Test
    void plainAndMutualTlsClientsConnect(IotEmulator emulator) throws Exception {
        try (IotMqttClient plain = EmulatorClients.plainClient(emulator, "java-plain")) {
            assertEquals("java-plain", plain.asJava().connect().get(20, TimeUnit.SECONDS).getClientId());
        }
        DeviceIdentity device = emulator.registerThing("java-mtls");
        try (IotMqttClient mtls = EmulatorClients.mtlsClient(emulator, device)) {
            NegotiatedSettings settings = mtls.asJava().connect().get(20, TimeUnit.SECONDS);
            assertEquals("java-mtls", settings.getClientId());
            assertFalse(settings.getSessionPresent());
        }
    }

    @Test
    void configurationsCanBeAdjustedBeforeBuilding(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("java-alpn");
        IotMqttClientConfig config = EmulatorClients.mtlsClientConfig(emulator, device, true)
            .mqttVersion(MqttVersion.MQTT_3_1_1)
            .build();
        assertEquals(emulator.getPort443(), config.getPort());
        assertEquals(EmulatorClients.FAST_RECONNECT, config.getReconnect());
        try (IotMqttClient client = IotMqttClient.create(config)) {
            assertEquals(MqttVersion.MQTT_3_1_1, client.asJava().connect().get(20, TimeUnit.SECONDS).getMqttVersion());
        }
    }
}
