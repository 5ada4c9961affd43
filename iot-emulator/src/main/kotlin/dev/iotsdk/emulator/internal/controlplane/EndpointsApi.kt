package dev.iotsdk.emulator.internal.controlplane

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

/**
 * DescribeEndpoint: the emulator's own `host:port` for `iot:Data-ATS` / `iot:Data` / `iot:Jobs` (the 443 listener:
 * HTTPS data plane and, by ALPN, MQTT) and `iot:CredentialProvider` (the mutual-TLS 8443 listener).
 */
internal class EndpointsApi(private val host: String, private val port443: () -> Int, private val port8443: () -> Int) {
    fun describe(r: ApiRequest): JsonObject {
        val address = when (val type = r.query("endpointType") ?: "iot:Data") {
            "iot:Data", "iot:Data-ATS", "iot:Jobs" -> "$host:${port443()}"
            "iot:CredentialProvider" -> "$host:${port8443()}"
            else -> throw ApiError.invalid(
                "Invalid endpointType '$type' (the emulator knows iot:Data, iot:Data-ATS, iot:Jobs, " +
                    "iot:CredentialProvider)",
            )
        }
        return buildJsonObject { put("endpointAddress", address) }
    }
}
