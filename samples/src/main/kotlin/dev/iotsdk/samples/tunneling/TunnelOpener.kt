package dev.iotsdk.samples.tunneling

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.SigningRequest
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.IotEmulator
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/**
 * What `aws iotsecuretunneling open-tunnel --destination-config thingName=<thing>,services=<...>` does, against the
 * emulator: the `IoTSecuredTunneling.OpenTunnel` call (AWS JSON 1.1, SigV4 signing name `IoTSecuredTunneling`).
 */
public object TunnelOpener {
    /** The tunnel id and both access tokens of a tunnel just opened. */
    public class Tunnel(
        /** The tunnel id. */
        public val id: String,
        /** The operator's (source) access token. */
        public val sourceAccessToken: String,
        /** The device's (destination) access token; the device also gets it on its notify topic. */
        public val destinationAccessToken: String,
    )

    /** Opens a tunnel to [thing]'s [services] on [emulator], signed with the emulator's administrator credentials. */
    @JvmStatic
    public fun open(emulator: IotEmulator, thing: String, vararg services: String): Tunnel {
        val host = "localhost:${emulator.port443}"
        val body = """{"destinationConfig":{"thingName":"$thing","services":[${services.joinToString(",") {
            "\"$it\""
        }}]}}"""
        val headers = listOf(
            "content-type" to "application/x-amz-json-1.1",
            "x-amz-target" to "IoTSecuredTunneling.OpenTunnel",
        )
        val admin = emulator.credentials
        val signed = SigV4.sign(
            SigningRequest("POST", host, "/", emptyList(), headers, body.toByteArray()),
            Credentials(admin.accessKeyId, admin.secretAccessKey, admin.sessionToken),
            emulator.region,
            "IoTSecuredTunneling",
        )
        val request = HttpRequest.newBuilder(URI("https://$host/")).POST(HttpRequest.BodyPublishers.ofString(body))
        (headers + signed.headers).filter {
            !it.first.equals("host", true)
        }.forEach { request.header(it.first, it.second) }
        val client = HttpClient.newBuilder()
            .sslContext(TlsContexts.sslContext(null, TrustMaterial.fromPem(emulator.caCertificatePem)))
            .build()
        val response = client.send(request.build(), HttpResponse.BodyHandlers.ofString())
        check(response.statusCode() == 200) { "OpenTunnel answered ${response.statusCode()}" }
        val answer = Json.parseToJsonElement(response.body()) as JsonObject
        fun field(name: String) = answer.getValue(name).jsonPrimitive.content
        return Tunnel(field("tunnelId"), field("sourceAccessToken"), field("destinationAccessToken"))
    }
}
