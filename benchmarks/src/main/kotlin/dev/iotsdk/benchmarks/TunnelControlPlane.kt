package dev.iotsdk.benchmarks

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.SigningRequest
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.IotEmulator
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.add
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray
import kotlinx.serialization.json.putJsonObject
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** The tunnel id and access tokens OpenTunnel answers with. */
internal class OpenedTunnel(val tunnelId: String, val sourceAccessToken: String, val destinationAccessToken: String)

/**
 * The emulator's secure tunneling control plane as `aws iotsecuretunneling open-tunnel` calls it: AWS JSON 1.1 on the
 * HTTPS port, SigV4 with the signing name `IoTSecuredTunneling`, signed with the emulator's administrator credentials.
 */
internal class TunnelControlPlane(private val emulator: IotEmulator) {
    private val host = "localhost:${emulator.port443}"
    private val http = HttpClient.newBuilder()
        .sslContext(TlsContexts.sslContext(null, TrustMaterial.fromPem(emulator.caCertificatePem)))
        .build()

    /** OpenTunnel to [thingName]'s [services]. */
    fun openTunnel(thingName: String, vararg services: String): OpenedTunnel {
        val body = buildJsonObject {
            putJsonObject("destinationConfig") {
                put("thingName", thingName)
                putJsonArray("services") { services.forEach { add(it) } }
            }
        }.toString().encodeToByteArray()
        val answer = Json.parseToJsonElement(post("OpenTunnel", body)).jsonObject
        return OpenedTunnel(
            answer.getValue("tunnelId").jsonPrimitive.content,
            answer.getValue("sourceAccessToken").jsonPrimitive.content,
            answer.getValue("destinationAccessToken").jsonPrimitive.content,
        )
    }

    private fun post(operation: String, body: ByteArray): String {
        val amzHeaders = listOf(
            "content-type" to "application/x-amz-json-1.1",
            "x-amz-target" to "IoTSecuredTunneling.$operation",
        )
        val admin = emulator.credentials
        val credentials = Credentials(admin.accessKeyId, admin.secretAccessKey, admin.sessionToken)
        val signed = SigV4.sign(
            SigningRequest("POST", host, "/", emptyList(), amzHeaders, body),
            credentials,
            emulator.region,
            "IoTSecuredTunneling",
        )
        val builder = HttpRequest.newBuilder(URI.create("https://$host/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        for ((name, value) in amzHeaders + signed.headers) {
            // the JDK client sets Host itself and refuses it as a header
            if (!name.equals("host", ignoreCase = true)) builder.header(name, value)
        }
        val response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() == 200) { "$operation answered HTTP ${response.statusCode()}" }
        return response.body()
    }
}
