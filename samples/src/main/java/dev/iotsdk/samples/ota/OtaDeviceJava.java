package dev.iotsdk.samples.ota;

import dev.iotsdk.core.IotMqttClientJava;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.jobs.JobOutcome;
import dev.iotsdk.jobs.JobRunnerEvent;
import dev.iotsdk.jobs.JobRunnerOptions;
import dev.iotsdk.jobs.JobsClient;
import dev.iotsdk.jobs.JobsClientJava;
import dev.iotsdk.samples.SampleTarget;
import dev.iotsdk.samples.Transcript;
import dev.iotsdk.streams.DownloadProgress;
import dev.iotsdk.streams.FileDownload;
import dev.iotsdk.streams.FileVerifier;
import dev.iotsdk.streams.StreamsClient;
import dev.iotsdk.streams.StreamsClientJava;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The OTA device in Java: the job runner hands each AWS IoT OTA job to the handler, which downloads the file from the
 * job's MQTT stream with the streams Java view (verified against the job's {@code sig-sha256-ecdsa}), "installs" it
 * and returns SUCCEEDED. Against the embedded emulator the sample publishes a signed 2 MiB firmware, stream and job
 * itself and stops when the job is done.
 */
public final class OtaDeviceJava {
    private static final int FIRMWARE_BYTES = 2 << 20;

    private OtaDeviceJava() {
    }

    public static void main(String[] args) throws Exception {
        Transcript out = new Transcript();
        try (SampleTarget target = SampleTarget.fromArgs(args, "ota-device-java")) {
            out.say("OtaDeviceJava against " + target.describe() + ", thing '" + target.getThingName() + "'");
            Path installDir = Files.createTempDirectory("ota-install-java");
            IotMqttClientJava mqtt = target.client(target.getThingName()).asJava();
            try {
                mqtt.connect().get(10, TimeUnit.SECONDS);
                JobsClientJava jobs = new JobsClient(mqtt.asKotlin(), target.getThingName()).asJava();
                AtomicReference<PublicKey> signerKey = new AtomicReference<>();
                CountDownLatch finished = new CountDownLatch(1);
                try (AutoCloseable runner = jobs.startJobRunner(job -> {
                    OtaJobDocument ota = OtaJobDocument.parse(job.getDocumentJson());
                    if (signerKey.get() == null) return new JobOutcome.Failed(Map.of("reason", "no code-signing key"));
                    FileVerifier verifier = FileVerifier.signature("SHA256withECDSA", signerKey.get(),
                        Base64.getDecoder().decode(ota.getSignature()));
                    FileDownload download = new FileDownload(ota.getFileId(), installDir.resolve("download.part"),
                        ota.getFileSize(), verifier);
                    try (StreamsClientJava streams = new StreamsClient(mqtt.asKotlin(), target.getThingName(),
                        ota.getStreamName()).asJava()) {
                        DownloadProgress done = streams.download(download, null).join();
                        out.say("  device: downloaded " + done.getReceivedBytes() + " bytes in " + done.getTotalBlocks() + " blocks");
                    }
                    Path installed = installDir.resolve(Path.of(ota.getFilePath()).getFileName());
                    Files.move(download.getTarget(), installed, StandardCopyOption.REPLACE_EXISTING);
                    out.say("  device: verified and installed " + installed);
                    return new JobOutcome.Succeeded(Map.of("installed", ota.getFilePath()));
                }, new JobRunnerOptions(), event -> {
                    out.say("  runner: " + event);
                    if (event instanceof JobRunnerEvent.Finished) finished.countDown();
                })) {
                    IotEmulator emulator = target.getEmulator();
                    if (emulator == null) {
                        out.say("running OTA jobs until stopped (Ctrl-C); the emulator-less run needs your signer key wiring");
                        new CountDownLatch(1).await();
                    }
                    OtaFirmware firmware = OtaFirmware.publish(emulator, target.getThingName(), "ota-java-1", FIRMWARE_BYTES);
                    signerKey.set(firmware.getSigner().getPublic());
                    out.say("queued OTA job " + firmware.getJobId());
                    if (!finished.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("the OTA job did not finish");
                    out.say(firmware.getJobId() + " is " + emulator.jobExecution(target.getThingName(), firmware.getJobId()).getStatus());
                }
                jobs.close();
            } finally {
                mqtt.disconnect().get(10, TimeUnit.SECONDS);
                mqtt.close();
            }
        }
        out.say("done");
    }
}
