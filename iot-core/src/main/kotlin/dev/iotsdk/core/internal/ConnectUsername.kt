package dev.iotsdk.core.internal

import dev.iotsdk.core.ConnectionType
import java.net.URLEncoder

/**
 * Builds the CONNECT username: the configured username, custom-authorizer parameters (spec: connect.md §4, built as
 * the AWS SDKs do), then the metrics `SDK=…&Version=…` (§5), each joined with `?` for the first parameter and `&`
 * after.
 */
internal object ConnectUsername {
    const val SDK_NAME: String = "iotsdk-kotlin"

    /** The usual username (metrics only), made once: every client of a JVM shares the string. */
    @Volatile private var metricsOnly: Pair<String, String>? = null

    fun build(username: String?, type: ConnectionType, metrics: Boolean, version: String): String? {
        val auth = type as? ConnectionType.CustomAuth
        if (username == null && auth == null) {
            if (!metrics) return null
            metricsOnly?.let { (v, name) -> if (v == version) return name }
            return "?SDK=$SDK_NAME&Version=$version".also { metricsOnly = version to it }
        }
        val sb = StringBuilder()
        val base = auth?.username ?: username
        if (base != null) sb.append(base)
        fun param(kv: String) {
            sb.append(if (sb.contains('?')) '&' else '?').append(kv)
        }
        if (auth != null) {
            auth.authorizerName?.let { param("x-amz-customauthorizer-name=$it") }
            auth.tokenSignature?.let { sig ->
                val encoded = if (sig.contains('%')) sig else URLEncoder.encode(sig, Charsets.UTF_8.name())
                param("x-amz-customauthorizer-signature=$encoded")
            }
            if (auth.tokenKeyName != null && auth.tokenValue != null) param("${auth.tokenKeyName}=${auth.tokenValue}")
        }
        if (metrics) param("SDK=$SDK_NAME&Version=$version")
        return if (sb.isEmpty()) null else sb.toString()
    }
}
