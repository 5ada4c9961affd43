package dev.iotsdk.samples.ota

import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.streams.EmulatedStreamFile
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import java.util.Base64
import kotlin.random.Random

/**
 * The cloud side of the OTA samples, on the emulator: a "firmware" file signed with a fresh EC P-256 key (standing in
 * for AWS Signer), a stream holding it, and an OTA job naming the stream.
 *
 * ```kotlin
 * val firmware = OtaFirmware.publish(emulator, "ota-device", sizeBytes = 4 shl 20)
 * ```
 */
public class OtaFirmware private constructor(
    /** The signing key pair; devices verify with its public key. */
    public val signer: KeyPair,
    /** The job's id. */
    public val jobId: String,
    /** The firmware file on the "cloud" side. */
    public val source: Path,
) {
    /** Factory. */
    public companion object {
        /** Writes a [sizeBytes] firmware, signs it, creates stream `AFR_OTA-<jobId>` and queues OTA job [jobId]. */
        @JvmStatic
        public fun publish(emulator: IotEmulator, thingName: String, jobId: String, sizeBytes: Int): OtaFirmware {
            val source = Files.createTempFile("firmware", ".bin")
            source.toFile().deleteOnExit()
            Files.write(source, Random.nextBytes(sizeBytes))
            val signer = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }
                .generateKeyPair()
            val signature = sign(source, signer)
            val stream = "AFR_OTA-$jobId"
            emulator.streams.createStream(stream, listOf(EmulatedStreamFile.ofPath(0, source)), "firmware for $jobId")
            emulator.createJob(
                jobId,
                OtaJobDocument.create(stream, 0, sizeBytes.toLong(), "firmware.bin", signature),
                listOf(thingName),
            )
            return OtaFirmware(signer, jobId, source)
        }

        /** The base64 DER ECDSA signature of [source]'s SHA-256, as AWS IoT OTA's `sig-sha256-ecdsa` carries it. */
        private fun sign(source: Path, signer: KeyPair): String {
            val signature = Signature.getInstance("SHA256withECDSA").apply { initSign(signer.private) }
            val buffer = ByteArray(BUFFER)
            Files.newInputStream(source).use { input ->
                var n = input.read(buffer)
                while (n >= 0) {
                    signature.update(buffer, 0, n)
                    n = input.read(buffer)
                }
            }
            return Base64.getEncoder().encodeToString(signature.sign())
        }

        private const val BUFFER = 64 * 1024
    }
}
