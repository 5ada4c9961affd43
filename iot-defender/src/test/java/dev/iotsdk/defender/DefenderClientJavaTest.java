package dev.iotsdk.defender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.EmulatorClients;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Device Defender Java view against the emulator over mutual TLS, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class DefenderClientJavaTest {

    @Test
    void sendsReportsRunsAReporterAndFailsTyped(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("java-defender");
        try (IotMqttClient mqtt = EmulatorClients.mtlsClient(emulator, device)) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            DefenderClient client = new DefenderClient(mqtt, device.getThingName());
            try (DefenderClientJava defender = client.asJava()) {
                DeviceMetrics metrics = new DeviceMetrics(new ListeningPorts(List.of(new ListeningPort(22))));
                long id = defender.nextReportId();
                ReportAccepted accepted = defender.send(new MetricsReport(id, metrics)).get(20, TimeUnit.SECONDS);
                assertEquals(id, accepted.getReportId());

                // a second client of the same thing reusing the id: rejected by the service, typed
                DefenderClientJava stale = new DefenderClient(mqtt, device.getThingName()).asJava();
                CompletionException e = assertThrows(CompletionException.class,
                        () -> stale.send(new MetricsReport(id, metrics)).join());
                DefenderRejectedException rejected = assertInstanceOf(DefenderRejectedException.class, e.getCause());
                assertEquals(DefenderErrorCode.INVALID_PAYLOAD, rejected.getCode());
                stale.close();

                CompletableFuture<DefenderReportEvent> first = new CompletableFuture<>();
                DefenderReporter reporter = new DefenderReporter(client, null,
                        Map.of("uptime", CustomMetricProvider.fromSupplier(() -> CustomMetricValue.number(42L))));
                try (AutoCloseable running = defender.startReporter(reporter, first::complete)) {
                    DefenderReportEvent event = first.get(20, TimeUnit.SECONDS);
                    DefenderReportEvent.Accepted ok = assertInstanceOf(DefenderReportEvent.Accepted.class, event);
                    assertTrue(ok.getReport().getReportId() > id);
                }
                assertEquals(2, emulator.getDefender().acceptedReports(device.getThingName()).size());
            }
        }
    }
}
