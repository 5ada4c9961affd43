package dev.iotsdk.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.streams.EmulatedStreamFile;
import dev.iotsdk.test.EmulatorClients;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The streams Java view against the emulator over mutual TLS, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class StreamsClientJavaTest {

    @Test
    void describesDownloadsWithProgressCallbacksAndFailsTyped(IotEmulator emulator) throws Exception {
        byte[] firmware = new byte[100_000];
        new Random(3).nextBytes(firmware);
        emulator.getStreams().createStream("java-stream", List.of(EmulatedStreamFile.ofBytes(0, firmware)));
        DeviceIdentity device = emulator.registerThing("java-streams");
        try (IotMqttClient mqtt = EmulatorClients.mtlsClient(emulator, device)) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            StreamsClientOptions options = new StreamsClientOptions(StreamFormat.JSON, 4096);
            try (StreamsClientJava streams = new StreamsClient(mqtt, device.getThingName(), "java-stream", options).asJava()) {
                StreamDescription description = streams.describe().get(20, TimeUnit.SECONDS);
                assertEquals(100_000L, description.file(0).getSize());

                Path target = Files.createTempDirectory("java-streams").resolve("fw.bin");
                List<DownloadProgress> seen = new CopyOnWriteArrayList<>();
                DownloadProgress done = streams.download(new FileDownload(0, target), seen::add).get(30, TimeUnit.SECONDS);
                assertEquals(DownloadState.COMPLETED, done.getState());
                assertEquals(DownloadState.STARTED, seen.get(0).getState());
                assertTrue(seen.size() >= 25, "a progress callback per block: " + seen.size());
                assertArrayEquals(firmware, Files.readAllBytes(target));

                StreamsClientJava missing = new StreamsClient(mqtt, device.getThingName(), "no-stream", options).asJava();
                CompletionException e = assertThrows(CompletionException.class, () -> missing.describe().join());
                StreamRejectedException rejected = assertInstanceOf(StreamRejectedException.class, e.getCause());
                assertEquals("ResourceNotFound", rejected.getErrorCode());
                missing.close();
            }
        }
    }
}
