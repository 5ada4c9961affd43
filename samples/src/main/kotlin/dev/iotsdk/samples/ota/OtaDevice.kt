package dev.iotsdk.samples.ota

import dev.iotsdk.jobs.JobOutcome
import dev.iotsdk.jobs.JobRunner
import dev.iotsdk.jobs.JobRunnerEvent
import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import dev.iotsdk.streams.DownloadState
import dev.iotsdk.streams.FileDownload
import dev.iotsdk.streams.FileVerifier
import dev.iotsdk.streams.StreamsClient
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.security.PublicKey
import java.security.cert.CertificateFactory
import java.util.Base64
import kotlin.time.Duration.Companion.seconds

/**
 * An OTA device: [JobRunner] takes each AWS IoT OTA job, [StreamsClient] downloads the file the job document names
 * from its MQTT stream (resumable, verified against the job's `sig-sha256-ecdsa`), the device "installs" it (moves it
 * into place) and the runner reports SUCCEEDED. Against the emulator the sample publishes a signed 4 MiB firmware,
 * stream and job itself and stops when the job is done; against AWS IoT it runs until stopped and verifies with the
 * certificate the job's `certfile` names (a PEM file in the working directory).
 */
public object OtaDevice {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "ota-device").use { target ->
            out.say("OtaDevice against ${target.describe()}, thing '${target.thingName}'")
            val installDir = Files.createTempDirectory("ota-install")
            runBlocking {
                target.client(target.thingName).use { mqtt ->
                    mqtt.connect()
                    JobsClient(mqtt, target.thingName).use { jobs ->
                        var signerKey: PublicKey? = null
                        val runner = JobRunner(jobs) { job ->
                            val ota = try {
                                OtaJobDocument.parse(job.document.toString())
                            } catch (e: IllegalArgumentException) {
                                return@JobRunner JobOutcome.Rejected(mapOf("reason" to (e.message ?: "bad document")))
                            }
                            val key = signerKey ?: certificateKey(ota.certFile)
                                ?: return@JobRunner JobOutcome.Failed(mapOf("reason" to "no code-signing certificate"))
                            val verifier = FileVerifier.signature(
                                "SHA256withECDSA",
                                key,
                                Base64.getDecoder().decode(ota.signature),
                            )
                            val part = installDir.resolve("download.part")
                            val download = FileDownload(ota.fileId, part, ota.fileSize, verifier)
                            var reported = 0
                            StreamsClient(mqtt, target.thingName, ota.streamName).download(download).collect { p ->
                                val percent = (p.receivedBytes * 100 / maxOf(1, p.fileSize)).toInt()
                                if (percent >= reported + 25 && p.state == DownloadState.RECEIVING) {
                                    reported = percent - percent % 25
                                    job.reportProgress(mapOf("step" to "download", "progress" to "$reported%"))
                                    out.say("  device: downloaded $reported% (${p.receivedBlocks} blocks)")
                                }
                            }
                            val installed = installDir.resolve(Path.of(ota.filePath).fileName)
                            Files.move(download.target, installed, StandardCopyOption.REPLACE_EXISTING)
                            out.say("  device: verified and installed ${Files.size(installed)} bytes as $installed")
                            JobOutcome.Succeeded(mapOf("installed" to ota.filePath))
                        }
                        val events = launch { runner.events.collect { out.say("  runner: $it") } }
                        val emulator = target.emulator ?: runner.run()
                        val done = async { runner.events.first { it is JobRunnerEvent.Finished } }
                        val work = runner.launchIn(this)
                        val firmware = OtaFirmware.publish(emulator, target.thingName, "ota-fw-2", FIRMWARE_BYTES)
                        signerKey = firmware.signer.public
                        out.say("queued OTA job ${firmware.jobId} ($FIRMWARE_BYTES bytes)")
                        withTimeout(60.seconds) { done.await() }
                        val status = emulator.jobExecution(target.thingName, firmware.jobId)?.status
                        out.say("${firmware.jobId} is $status")
                        work.cancel()
                        events.cancel()
                    }
                }
            }
        }
        out.say("done")
    }

    /** The public key of the PEM certificate [certFile] in the working directory, or `null`. */
    private fun certificateKey(certFile: String?): PublicKey? {
        val path = certFile?.let { Path.of(it) }?.takeIf { Files.isRegularFile(it) } ?: return null
        return Files.newInputStream(path).use {
            CertificateFactory.getInstance("X.509").generateCertificate(it).publicKey
        }
    }

    private const val FIRMWARE_BYTES = 4 shl 20
}
