package dev.iotsdk.auth.internal

import java.security.MessageDigest
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * SHA-256 and HMAC-SHA256 for [SigV4Signer], without the per-call costs of [Hashing]: one `MessageDigest` and one
 * `Mac` per thread (`getInstance` searches the security providers and instantiates by reflection on every call), and
 * the signing key of the last credential scope kept, as the AWS SDKs do (it changes once a day per secret, region
 * and service, and costs four HMACs to derive).
 */
internal object SigV4Crypto {
    private const val HMAC_SHA256 = "HmacSHA256"
    private val digests: ThreadLocal<MessageDigest> = ThreadLocal.withInitial { MessageDigest.getInstance("SHA-256") }
    private val macs: ThreadLocal<Mac> = ThreadLocal.withInitial { Mac.getInstance(HMAC_SHA256) }

    /** The signing key of the last scope; compared by the secret itself, never shown. */
    private class CachedKey(val secret: String, val scope: String, val key: ByteArray)

    @Volatile
    private var lastKey: CachedKey? = null

    fun sha256Hex(data: ByteArray): String = Hashing.hex(digests.get().digest(data))

    fun hmacSha256(key: ByteArray, data: String): ByteArray {
        val mac = macs.get()
        mac.init(SecretKeySpec(key, HMAC_SHA256))
        return mac.doFinal(data.toByteArray(Charsets.UTF_8))
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), for `date/region/service/aws4_request`. */
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
}
