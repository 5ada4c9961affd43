package dev.iotsdk.streams

import java.io.ByteArrayInputStream
import java.nio.file.Files
import java.nio.file.Path
import java.security.GeneralSecurityException
import java.security.MessageDigest
import java.security.PublicKey
import java.security.Signature
import java.security.cert.CertificateFactory
import java.util.Base64

/**
 * Checks a downloaded file before [StreamsClient.download] reports it complete. It reads the file in 64 KiB chunks
 * (memory stays bounded whatever the size) on an IO thread. Built-ins: [sha256] (a SHA-256 digest given by the
 * caller) and [signature] / [sha256Ecdsa] (a signature over the file, as AWS IoT OTA's `sig-sha256-ecdsa` job
 * document field carries it: an ECDSA signature of the file's SHA-256, DER, base64).
 *
 * ```kotlin
 * val verifier = FileVerifier.sha256Ecdsa(signerCertificatePem, file.getString("sig-sha256-ecdsa"))
 * streams.downloadTo(FileDownload(fileId = 0, target = Path.of("fw.bin"), verifier = verifier))
 * ```
 */
public fun interface FileVerifier {
    /**
     * Returns when [file] is the expected one.
     * @throws StreamVerificationException when it is not.
     */
    public fun verify(file: Path)

    /** The built-in verifiers. */
    public companion object {
        /** Accepts every file (the caller checks it later). */
        @JvmStatic
        public val NONE: FileVerifier = FileVerifier { }

        /**
         * Checks the file's SHA-256 digest against [expectedHex] (64 hex digits, any case).
         * @throws IllegalArgumentException when [expectedHex] is not 64 hex digits.
         */
        @JvmStatic
        public fun sha256(expectedHex: String): FileVerifier {
            require(expectedHex.matches(Regex("[0-9a-fA-F]{64}"))) { "expectedHex must be 64 hex digits" }
            val expected = expectedHex.lowercase()
            return FileVerifier { file ->
                val digest = MessageDigest.getInstance("SHA-256")
                read(file) { buffer, length -> digest.update(buffer, 0, length) }
                val actual = digest.digest().joinToString("") { "%02x".format(it) }
                if (actual != expected) throw StreamVerificationException("$file: the SHA-256 digest does not match")
            }
        }

        /**
         * Checks [signature] over the file with [publicKey] and JCA [algorithm] (`SHA256withECDSA`,
         * `SHA256withRSA`…).
         */
        @JvmStatic
        public fun signature(algorithm: String, publicKey: PublicKey, signature: ByteArray): FileVerifier {
            val copy = signature.copyOf()
            Signature.getInstance(algorithm) // fails now for an unknown algorithm
            return FileVerifier { file ->
                val verifier = Signature.getInstance(algorithm).apply { initVerify(publicKey) }
                read(file) { buffer, length -> verifier.update(buffer, 0, length) }
                val valid = try {
                    verifier.verify(copy)
                } catch (ignored: java.security.SignatureException) {
                    false // a malformed signature is a failed check, not a crash
                }
                if (!valid) throw StreamVerificationException("$file: the $algorithm signature does not verify")
            }
        }

        /**
         * AWS IoT OTA's `sig-sha256-ecdsa`: [signatureBase64] (DER ECDSA over SHA-256, base64) checked with the key of
         * [certificatePem] (the code-signing certificate, PEM).
         * @throws IllegalArgumentException when the certificate or the signature cannot be read.
         */
        @JvmStatic
        public fun sha256Ecdsa(certificatePem: String, signatureBase64: String): FileVerifier {
            val key = try {
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(ByteArrayInputStream(certificatePem.encodeToByteArray())).publicKey
            } catch (e: GeneralSecurityException) {
                throw IllegalArgumentException("certificatePem is not a PEM X.509 certificate", e)
            }
            val signature = try {
                Base64.getMimeDecoder().decode(signatureBase64)
            } catch (e: IllegalArgumentException) {
                throw IllegalArgumentException("signatureBase64 is not base64", e)
            }
            return signature("SHA256withECDSA", key, signature)
        }

        private inline fun read(file: Path, update: (ByteArray, Int) -> Unit) {
            val buffer = ByteArray(CHUNK)
            Files.newInputStream(file).use { input ->
                while (true) {
                    val n = input.read(buffer)
                    if (n < 0) break
                    update(buffer, n)
                }
            }
        }

        private const val CHUNK = 64 * 1024
    }
}
