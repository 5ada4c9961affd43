package dev.iotsdk.provisioning.internal

import java.io.ByteArrayOutputStream
import java.security.KeyPair
import java.security.Signature
import java.security.interfaces.ECPublicKey
import java.security.interfaces.RSAPublicKey

/**
 * Builds a PKCS#10 certificate signing request (RFC 2986) with the JDK alone, so the SDK needs no BouncyCastle:
 * `CertificationRequest ::= SEQUENCE { CertificationRequestInfo, AlgorithmIdentifier, BIT STRING signature }` with
 * `CertificationRequestInfo ::= SEQUENCE { version 0, subject Name (CN), SubjectPublicKeyInfo, [0] attributes (empty)
 * }`.
 */
internal object Pkcs10 {
    private const val SEQUENCE = 0x30
    private const val SET = 0x31
    private const val INTEGER = 0x02
    private const val BIT_STRING = 0x03
    private const val NULL = 0x05
    private const val UTF8_STRING = 0x0C
    private const val ATTRIBUTES = 0xA0

    private val OID_COMMON_NAME = byteArrayOf(0x06, 0x03, 0x55, 0x04, 0x03)
    private val OID_ECDSA_SHA256 =
        byteArrayOf(0x06, 0x08, 0x2A, 0x86.toByte(), 0x48, 0xCE.toByte(), 0x3D, 0x04, 0x03, 0x02)
    private val OID_RSA_SHA256 =
        byteArrayOf(0x06, 0x09, 0x2A, 0x86.toByte(), 0x48, 0x86.toByte(), 0xF7.toByte(), 0x0D, 0x01, 0x01, 0x0B)

    /** The DER-encoded request for [keyPair], subject `CN=[commonName]`, signed with SHA-256. */
    fun build(keyPair: KeyPair, commonName: String): ByteArray {
        val (algorithm, identifier) = when (keyPair.public) {
            is ECPublicKey -> "SHA256withECDSA" to tlv(SEQUENCE, OID_ECDSA_SHA256)
            is RSAPublicKey -> "SHA256withRSA" to tlv(SEQUENCE, OID_RSA_SHA256 + tlv(NULL, ByteArray(0)))
            else -> throw IllegalArgumentException(
                "only EC and RSA keys can sign a CSR, not ${keyPair.public.algorithm}",
            )
        }
        val subject = tlv(
            SEQUENCE,
            tlv(
                SET,
                tlv(
                    SEQUENCE,
                    OID_COMMON_NAME + tlv(UTF8_STRING, commonName.encodeToByteArray()),
                ),
            ),
        )
        val info = tlv(
            SEQUENCE,
            tlv(INTEGER, byteArrayOf(0)) + subject + keyPair.public.encoded + tlv(ATTRIBUTES, ByteArray(0)),
        )
        val signature = Signature.getInstance(algorithm).run {
            initSign(keyPair.private)
            update(info)
            sign()
        }
        return tlv(SEQUENCE, info + identifier + tlv(BIT_STRING, byteArrayOf(0) + signature))
    }

    private fun tlv(tag: Int, content: ByteArray): ByteArray {
        val out = ByteArrayOutputStream()
        out.write(tag)
        val length = content.size
        when {
            length < 0x80 -> out.write(length)
            length < 0x100 -> {
                out.write(0x81)
                out.write(length)
            }
            else -> {
                out.write(0x82)
                out.write(length shr 8)
                out.write(length and 0xFF)
            }
        }
        out.write(content)
        return out.toByteArray()
    }
}
