@file:OptIn(InternalIotSdkApi::class)

package dev.iotsdk.auth.internal

import dev.iotsdk.auth.TlsMaterialException
import dev.iotsdk.common.InternalIotSdkApi
import java.io.IOException
import java.security.GeneralSecurityException
import java.security.KeyFactory
import java.security.PrivateKey
import java.security.PublicKey
import java.security.spec.PKCS8EncodedKeySpec
import javax.crypto.Cipher
import javax.crypto.EncryptedPrivateKeyInfo
import javax.crypto.SecretKeyFactory
import javax.crypto.spec.PBEKeySpec

/**
 * Decodes private keys from PEM: PKCS#8 (`PRIVATE KEY`), encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`), PKCS#1 RSA
 * (`RSA PRIVATE KEY`) and SEC1 EC (`EC PRIVATE KEY`); the last two are wrapped into PKCS#8 for the JDK's KeyFactory.
 */
internal object PrivateKeys {
    private const val RSA_OID = "1.2.840.113549.1.1.1"
    private const val EC_OID = "1.2.840.10045.2.1"
    private val ALGORITHMS = mapOf(
        RSA_OID to "RSA",
        "1.2.840.113549.1.1.10" to "RSASSA-PSS",
        EC_OID to "EC",
        "1.3.101.112" to "Ed25519",
        "1.3.101.113" to "Ed448",
    )
    private val CURVES = mapOf(
        "1.2.840.10045.3.1.7" to "P-256",
        "1.3.132.0.34" to "P-384",
        "1.3.132.0.35" to "P-521",
        "1.3.132.0.10" to "secp256k1",
    )

    /** The encoded curve OID of an EC public key, or `null` for other keys. */
    fun curveOf(publicKey: PublicKey): ByteArray? = if (publicKey.algorithm != "EC") {
        null
    } else {
        runCatching {
            Der.read(publicKey.encoded).children()[0].children()[1].takeIf { it.tag == Der.OID }?.encoded()
        }.getOrNull()
    }

    private val KEY_LABELS = listOf("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")

    /**
     * The one private key in [blocks]. [curveHint] (the encoded curve OID of the certificate's EC public key) names
     * the curve of a SEC1 key that omits its parameters.
     */
    fun fromBlocks(
        blocks: List<PemBlock>,
        password: CharArray?,
        what: String,
        curveHint: ByteArray? = null,
    ): PrivateKey {
        val keys = blocks.filter { it.label in KEY_LABELS }
        if (keys.isEmpty()) {
            val found = blocks.map { it.label }.distinct()
            throw TlsMaterialException(
                "No private key found in $what" +
                    (if (found.isEmpty()) " (no PEM block at all)" else " (found only: ${found.joinToString()})") +
                    "; expected a block '-----BEGIN PRIVATE KEY-----', 'RSA PRIVATE KEY', 'EC PRIVATE KEY' or " +
                    "'ENCRYPTED PRIVATE KEY'",
            )
        }
        if (keys.size > 1) {
            throw TlsMaterialException("$what holds ${keys.size} private keys; keep only the device's key in it")
        }
        return decode(keys.single(), password, what, curveHint)
    }

    private fun decode(block: PemBlock, password: CharArray?, what: String, curveHint: ByteArray?): PrivateKey {
        if (block.headers["Proc-Type"]?.contains("ENCRYPTED") == true) {
            throw TlsMaterialException(
                "The key in $what uses legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED), which the JDK " +
                    "cannot read; convert it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key.p8.pem' " +
                    "and pass the same password",
            )
        }
        return try {
            when (block.label) {
                "PRIVATE KEY" -> pkcs8(block.der, what)
                "ENCRYPTED PRIVATE KEY" -> pkcs8(decrypt(block.der, password, what), what)
                "RSA PRIVATE KEY" -> pkcs8(wrapPkcs1(block.der), what)
                else -> pkcs8(wrapSec1(block.der, what, curveHint), what)
            }
        } catch (e: IllegalArgumentException) {
            throw TlsMaterialException(
                "The '${block.label}' block in $what is not a valid key (${e.message}); export the key again",
                e,
            )
        }
    }

    private fun pkcs8(der: ByteArray, what: String): PrivateKey {
        val algorithmOid = Der.read(der).children().getOrNull(1)?.children()?.firstOrNull()?.oid()
            ?: throw IllegalArgumentException("no algorithm identifier")
        val algorithm = ALGORITHMS[algorithmOid]
            ?: throw TlsMaterialException(
                "The key in $what uses algorithm OID $algorithmOid, which is not supported; use an RSA or EC key",
            )
        return try {
            KeyFactory.getInstance(algorithm).generatePrivate(PKCS8EncodedKeySpec(der))
        } catch (e: GeneralSecurityException) {
            throw TlsMaterialException(
                "This JVM cannot load the $algorithm key in $what (${e.javaClass.simpleName}); use an RSA or P-256 key",
                e,
            )
        }
    }

    private fun decrypt(der: ByteArray, password: CharArray?, what: String): ByteArray {
        if (password == null) {
            throw TlsMaterialException("The key in $what is encrypted; pass its password as keyPassword")
        }
        val info = try {
            EncryptedPrivateKeyInfo(der)
        } catch (e: IOException) {
            throw TlsMaterialException("The ENCRYPTED PRIVATE KEY block in $what is malformed; export it again", e)
        }
        val candidates = listOfNotNull(info.algParameters?.toString(), info.algName).distinct()
        var last: Exception? = null
        for (name in candidates) {
            try {
                val key = SecretKeyFactory.getInstance(name).generateSecret(PBEKeySpec(password))
                val cipher = Cipher.getInstance(name)
                cipher.init(Cipher.DECRYPT_MODE, key, info.algParameters)
                return info.getKeySpec(cipher).encoded
            } catch (e: GeneralSecurityException) {
                last = e
            }
        }
        throw TlsMaterialException(
            "Cannot decrypt the key in $what: wrong password, or an encryption scheme this JVM does not support " +
                "(${candidates.joinToString()}); re-encrypt it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'",
            last,
        )
    }

    /** PKCS#1 RSAPrivateKey → PrivateKeyInfo { 0, { rsaEncryption, NULL }, OCTET STRING pkcs1 }. */
    private fun wrapPkcs1(pkcs1: ByteArray): ByteArray {
        Der.read(pkcs1) // validates the structure
        return Der.sequence(
            Der.integer(0),
            Der.sequence(Der.oid(RSA_OID), Der.nullValue()),
            Der.octetString(pkcs1),
        )
    }

    /** SEC1 ECPrivateKey { 1, d, [0] curve, [1] pub } → PrivateKeyInfo { 0, { ecPublicKey, curve }, { 1, d } }. */
    private fun wrapSec1(sec1: ByteArray, what: String, curveHint: ByteArray?): ByteArray {
        val fields = Der.read(sec1).children()
        val d = fields.getOrNull(1)?.takeIf { it.tag == Der.OCTET_STRING }
            ?: throw IllegalArgumentException("no private key octets")
        val curve =
            fields.firstOrNull { it.tag == Der.CONTEXT_0 }?.children()?.firstOrNull()?.takeIf { it.tag == Der.OID }
                ?: curveHint?.let { Der.read(it) }
                ?: throw TlsMaterialException(
                    "The EC PRIVATE KEY in $what does not name its curve; convert it to PKCS#8 with " +
                        "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem'",
                )
        if (curve.oid() !in CURVES) {
            throw TlsMaterialException("The EC key in $what uses curve OID ${curve.oid()}; use P-256 or P-384")
        }
        val inner = Der.sequence(Der.integer(1), d.encoded())
        return Der.sequence(
            Der.integer(0),
            Der.sequence(Der.oid(EC_OID), curve.encoded()),
            Der.octetString(inner),
        )
    }
}
