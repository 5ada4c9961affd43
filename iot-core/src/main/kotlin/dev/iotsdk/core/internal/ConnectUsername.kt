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

    fun build(username: String?, type: ConnectionType, metrics: Boolean, version: String): String? {
        val sb = StringBuilder()
        val auth = type as? ConnectionType.CustomAuth
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
