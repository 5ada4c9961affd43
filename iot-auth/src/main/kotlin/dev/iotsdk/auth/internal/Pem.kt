package dev.iotsdk.auth.internal

import dev.iotsdk.auth.TlsMaterialException
import dev.iotsdk.common.InternalIotSdkApi
import java.io.ByteArrayInputStream
import java.security.cert.CertificateException
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate
import java.util.Base64

/**
 * One PEM block: its label (`CERTIFICATE`, `PRIVATE KEY`, …), its RFC 1421 headers, its decoded bytes and its [text]
 * as found (from `-----BEGIN` to the end of its `-----END` line, followed by a newline).
 */
@InternalIotSdkApi
public class PemBlock(
    public val label: String,
    public val headers: Map<String, String>,
    public val der: ByteArray,
    public val text: String,
)

/**
 * PEM parsing that tolerates text around blocks and CRLF line ends, and names exactly what is wrong; the one PEM
 * reader and writer of iotsdk (iot-provisioning uses it for its identity files).
 */
@InternalIotSdkApi
public object Pem {
    private val BLOCK =
        Regex("-----BEGIN ([A-Z0-9 #-]+)-----(.*?)-----END ([A-Z0-9 #-]+)-----", RegexOption.DOT_MATCHES_ALL)
    private val BEGIN = Regex("-----BEGIN ([A-Z0-9 #-]+)-----")

    /** Every block of [text]; [what] names the input in messages (e.g. "the certificate file /x/cert.pem"). */
    public fun parse(text: String, what: String): List<PemBlock> {
        val blocks = BLOCK.findAll(text).map { m ->
            val label = m.groupValues[1]
            if (m.groupValues[3] != label) {
                throw TlsMaterialException(
                    "Malformed PEM in $what: block 'BEGIN $label' ends with 'END ${m.groupValues[3]}'; " +
                        "the file is corrupted or two blocks are interleaved",
                )
            }
            decodeBlock(label, m.groupValues[2], what, m.value + "\n")
        }.toList()
        val begins = BEGIN.findAll(text).count()
        if (begins != blocks.size) {
            throw TlsMaterialException(
                "Malformed PEM in $what: ${begins - blocks.size} 'BEGIN' line(s) have no matching 'END' line; " +
                    "the file looks truncated, copy it again completely",
            )
        }
        return blocks
    }

    /** [der] as a PEM block labelled [label], base64 in lines of 64 characters, ending with a newline. */
    public fun encode(label: String, der: ByteArray): String =
        "-----BEGIN $label-----\n" + Base64.getMimeEncoder(LINE, "\n".toByteArray()).encodeToString(der) +
            "\n-----END $label-----\n"

    private const val LINE = 64

    private fun decodeBlock(label: String, body: String, what: String, text: String): PemBlock {
        val lines = body.split('\n').map { it.trim() }
        val headers = linkedMapOf<String, String>()
        val base64 = StringBuilder()
        for (line in lines) {
            if (line.isEmpty()) continue
            val colon = line.indexOf(':')
            if (colon > 0 && base64.isEmpty()) {
                headers[line.substring(0, colon).trim()] = line.substring(colon + 1).trim()
            } else {
                base64.append(line)
            }
        }
        val der = try {
            Base64.getDecoder().decode(base64.toString())
        } catch (e: IllegalArgumentException) {
            throw TlsMaterialException(
                "Malformed PEM in $what: the '$label' block is not valid base64 (${e.message}); " +
                    "the file is damaged, export it again",
            )
        }
        if (der.isEmpty()) throw TlsMaterialException("Malformed PEM in $what: the '$label' block is empty")
        return PemBlock(label, headers, der, text)
    }

    /** The X.509 certificates of [blocks] in order. */
    public fun certificates(blocks: List<PemBlock>, what: String): List<X509Certificate> {
        val factory = CertificateFactory.getInstance("X.509")
        return blocks.filter {
            it.label == "CERTIFICATE" ||
                it.label == "X509 CERTIFICATE" ||
                it.label == "TRUSTED CERTIFICATE"
        }
            .mapIndexed { i, block ->
                try {
                    factory.generateCertificate(ByteArrayInputStream(block.der)) as X509Certificate
                } catch (e: CertificateException) {
                    throw TlsMaterialException(
                        "Certificate #${i + 1} in $what is not a valid X.509 certificate (${e.message}); " +
                            "export it again in PEM format",
                        e,
                    )
                }
            }
    }
}
