package dev.iotsdk.auth.internal

import java.security.MessageDigest
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * SHA-256, HMAC-SHA256 and the signing key for SigV4. One `MessageDigest` and one `Mac` per thread (`getInstance`
 * searches the security providers and instantiates by reflection on every call), and the signing key of the last
 * credential scope kept, as the AWS SDKs do (it changes once a day per secret, region and service, and costs four
 * HMACs to derive).
 */
internal object Hashing {
    private val HEX = "0123456789abcdef".toCharArray()
    private const val HMAC_SHA256 = "HmacSHA256"
    private val digests: ThreadLocal<MessageDigest> = ThreadLocal.withInitial { MessageDigest.getInstance("SHA-256") }
    private val macs: ThreadLocal<Mac> = ThreadLocal.withInitial { Mac.getInstance(HMAC_SHA256) }

    /** The SHA-256 of the empty string, the payload hash of body-less requests. */
    const val EMPTY_SHA256: String = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    fun sha256Hex(data: ByteArray): String = hex(digests.get().digest(data))

    fun hmacSha256(key: ByteArray, data: String): ByteArray {
        val mac = macs.get()
        mac.init(SecretKeySpec(key, HMAC_SHA256))
        return mac.doFinal(data.toByteArray(Charsets.UTF_8))
    }

    /** The signing key of the last scope; compared by the secret itself, never shown. */
    private class CachedKey(val secret: String, val scope: String, val key: ByteArray)

    @Volatile
    private var lastKey: CachedKey? = null

    /**
     * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), for
     * `date/region/service/aws4_request`.
     */
    fun signingKey(secret: String, scope: String): ByteArray {
        val cached = lastKey
        if (cached != null && cached.scope == scope && cached.secret == secret) return cached.key
        var key = "AWS4$secret".toByteArray(Charsets.UTF_8)
        var start = 0
        while (start <= scope.length) {
            val end = scope.indexOf('/', start).let { if (it < 0) scope.length else it }
            key = hmacSha256(key, scope.substring(start, end))
            start = end + 1
        }
        lastKey = CachedKey(secret, scope, key)
        return key
    }

    fun hex(bytes: ByteArray): String {
        val out = CharArray(bytes.size * 2)
        bytes.forEachIndexed { i, b ->
            val v = b.toInt() and 0xff
            out[2 * i] = HEX[v ushr 4]
            out[2 * i + 1] = HEX[v and 0x0f]
        }
        return String(out)
    }
}
