package dev.iotsdk.provisioning

import dev.iotsdk.auth.TlsMaterialException
import dev.iotsdk.auth.internal.Pem
import dev.iotsdk.common.InternalIotSdkApi
import java.io.IOException
import java.nio.ByteBuffer
import java.nio.channels.FileChannel
import java.nio.file.AtomicMoveNotSupportedException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardCopyOption
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions

/**
 * A [CredentialsStore] in one PEM file ([file]): a comment header with the thing name and certificate id, the
 * certificate and the private key. [save] writes a temporary file in the same directory, forces it to disk and moves
 * it over [file] with an atomic rename, so a crash leaves either the old file or the new one. On POSIX systems the
 * file is readable by its owner only. [TlsIdentity.fromPemFiles][dev.iotsdk.auth.TlsIdentity.fromPemFiles] can read
 * the file directly (pass it as both certificate and key).
 *
 * ```kotlin
 * val store = PemCredentialsStore(Path.of("/var/lib/device/identity.pem"))
 * ```
 */
@OptIn(InternalIotSdkApi::class)
public class PemCredentialsStore(
    /** The identity file. */
    public val file: Path,
) : CredentialsStore {
    @Throws(IOException::class)
    override fun load(): DeviceCredentials? {
        if (!Files.exists(file)) return null
        val text = String(Files.readAllBytes(file), Charsets.UTF_8) // not Files.readString: Android API 26 lacks it
        val header = text.lineSequence().filter { it.startsWith("# ") }.mapNotNull {
            val colon = it.indexOf(':')
            if (colon < 0) null else it.substring(2, colon).trim() to it.substring(colon + 1).trim()
        }.toMap()
        val blocks = try {
            Pem.parse(text, file.toString())
        } catch (e: TlsMaterialException) {
            throw IOException("$file is not a readable iotsdk identity file: ${e.message}", e)
        }
        val certificate = blocks.filter { it.label == "CERTIFICATE" }.joinToString("") { it.text }
        val key = blocks.firstOrNull { it.label.endsWith("PRIVATE KEY") }?.text
        val thing = header[THING]
        val id = header[CERTIFICATE_ID]
        if (thing == null || id == null || certificate.isEmpty() || key == null) {
            throw IOException(
                "$file is not a complete iotsdk identity file (thing name, certificate id, certificate and key)",
            )
        }
        return DeviceCredentials(thing, id, certificate, key)
    }

    @Throws(IOException::class)
    override fun save(credentials: DeviceCredentials) {
        val directory = file.toAbsolutePath().parent
        Files.createDirectories(directory)
        val text = buildString {
            append("# iotsdk device identity (fleet provisioning)\n")
            append("# $THING: ${credentials.thingName}\n")
            append("# $CERTIFICATE_ID: ${credentials.certificateId}\n")
            append(credentials.certificatePem.trimEnd()).append('\n')
            append(credentials.privateKeyPem.trimEnd()).append('\n')
        }
        val temp = Files.createTempFile(directory, ".${file.fileName}.", ".tmp")
        try {
            ownerOnly(temp)
            FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING).use { channel ->
                val buffer = ByteBuffer.wrap(text.encodeToByteArray())
                while (buffer.hasRemaining()) channel.write(buffer)
                channel.force(true)
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING)
            } catch (e: AtomicMoveNotSupportedException) {
                throw IOException("the file system of $file cannot rename atomically; choose another directory", e)
            }
        } finally {
            Files.deleteIfExists(temp)
        }
    }

    override fun toString(): String = "PemCredentialsStore($file)"

    private fun ownerOnly(path: Path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"))
        } catch (e: UnsupportedOperationException) {
            // not a POSIX file system (Windows): the directory's ACL applies
        }
    }

    private companion object {
        const val THING = "thingName"
        const val CERTIFICATE_ID = "certificateId"
    }
}
