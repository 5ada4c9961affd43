package dev.iotsdk.emulator.credentials

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.TestPresigner
import dev.iotsdk.emulator.Tls
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.AwsCredentials
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.auth.signer.Aws4Signer
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams
import software.amazon.awssdk.http.SdkHttpFullRequest
import software.amazon.awssdk.http.SdkHttpMethod
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient
import java.io.ByteArrayInputStream
import java.net.URI
import java.net.URLDecoder
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** The administrator's long-term credentials as the AWS SDK takes them. */
fun adminCredentials(emu: IotEmulator): AwsCredentials =
    AwsBasicCredentials.create(emu.credentials.accessKeyId, emu.credentials.secretAccessKey)

/** AWS's own Cognito Identity client on the emulator's 443 listener. */
fun cognitoClient(
    emu: IotEmulator,
    credentials: AwsCredentialsProvider = AnonymousCredentialsProvider.create(),
): CognitoIdentityClient = CognitoIdentityClient.builder().region(Region.of(emu.region))
    .endpointOverride(URI("https://localhost:${emu.port443}"))
    .credentialsProvider(credentials)
    .httpClient(
        ApacheHttpClient.builder().tlsTrustManagersProvider {
            Tls.tmf(emu.caCertificatePem).trustManagers
        }.build(),
    )
    .build()

/** A Cognito guest's credentials from [poolId], as an app gets them (GetId, GetCredentialsForIdentity). */
fun guestCredentials(emu: IotEmulator, poolId: String): AwsSessionCredentials = cognitoClient(emu).use { cognito ->
    val id = cognito.getId { it.identityPoolId(poolId) }.identityId()
    val c = cognito.getCredentialsForIdentity { it.identityId(id) }.credentials()
    AwsSessionCredentials.create(c.accessKeyId(), c.secretKey(), c.sessionToken())
}

/** Role-alias credentials of the certificate of [thing], as a device gets them on the 8443 listener. */
fun roleAliasCredentials(emu: IotEmulator, alias: String, thing: String): AwsSessionCredentials {
    val device = emu.registerThing(thing)
    val http = HttpClient.newBuilder()
        .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)).build()
    val body = http.send(
        HttpRequest.newBuilder(URI("https://localhost:${emu.port8443}/role-aliases/$alias/credentials"))
            .header("x-amzn-iot-thingname", thing).GET().build(),
        HttpResponse.BodyHandlers.ofString(),
    ).body()
    val c = Json.parseToJsonElement(body).jsonObject["credentials"]!!.jsonObject
    fun s(k: String) = c[k]!!.jsonPrimitive.content
    return AwsSessionCredentials.create(s("accessKeyId"), s("secretAccessKey"), s("sessionToken"))
}

/**
 * Sends a request signed by the AWS SDK's own SigV4 signer (not the emulator's code) for [service] to the 443
 * listener: [path] as sent, [query] parameters, a [body] (form bodies for IAM's Query protocol).
 */
fun signedCall(
    emu: IotEmulator,
    credentials: AwsCredentials,
    service: String,
    method: String,
    path: String,
    query: Map<String, String> = emptyMap(),
    body: ByteArray = ByteArray(0),
    contentType: String = "application/octet-stream",
    region: String = emu.region,
): HttpResponse<String> {
    val builder = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
        .uri(URI("https://localhost:${emu.port443}$path"))
        .putHeader("Content-Type", contentType)
        .contentStreamProvider { ByteArrayInputStream(body) }
    query.forEach { (k, v) -> builder.putRawQueryParameter(k, v) }
    val params = Aws4SignerParams.builder().awsCredentials(credentials).signingName(service)
        .signingRegion(Region.of(region)).build()

    @Suppress("DEPRECATION")
    val signed = Aws4Signer.create().sign(builder.build(), params)
    val request = HttpRequest.newBuilder(signed.uri).method(method, HttpRequest.BodyPublishers.ofByteArray(body))
    signed.headers().filterKeys { it.lowercase() !in setOf("host", "content-length") }
        .forEach { (k, values) -> values.forEach { request.header(k, it) } }
    val http = HttpClient.newBuilder().sslContext(Tls.context(emu.caCertificatePem, null)).build()
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString())
}

/** An MQTT 5 client over WebSocket on 443, presigned with [credentials] (session token included). */
fun webSocketClient(emu: IotEmulator, clientId: String, credentials: AwsSessionCredentials): Mqtt5BlockingClient {
    val query = URLDecoder.decode(
        TestPresigner.presign(
            "localhost:${emu.port443}",
            credentials.accessKeyId(),
            credentials.secretAccessKey(),
            emu.region,
            credentials.sessionToken(),
        ),
        "UTF-8",
    )
    return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost(emu.endpoint)
        .serverPort(emu.port443).sslConfig(Tls.clientSsl(emu, null))
        .webSocketConfig().serverPath("mqtt").queryString(query).applyWebSocketConfig().buildBlocking()
}

/** [credentials] as a static provider. */
fun provider(credentials: AwsCredentials): AwsCredentialsProvider = StaticCredentialsProvider.create(credentials)

/** An IAM Query-protocol call (form body) signed for `iam` in us-east-1, as the AWS CLI sends it. */
fun iam(emu: IotEmulator, credentials: AwsCredentials, vararg form: Pair<String, String>): HttpResponse<String> =
    signedCall(
        emu,
        credentials,
        "iam",
        "POST",
        "/",
        body = (form.toList() + ("Version" to "2010-05-08")).joinToString("&") { (k, v) ->
            "$k=" + URLEncoder.encode(v, "UTF-8")
        }.toByteArray(),
        contentType = "application/x-www-form-urlencoded; charset=utf-8",
        region = "us-east-1",
    )

/** IAM PutRolePolicy of [document] as [name] on role [role]. */
fun putRolePolicy(
    emu: IotEmulator,
    credentials: AwsCredentials,
    role: String,
    name: String,
    document: String,
): HttpResponse<String> = iam(
    emu,
    credentials,
    "Action" to "PutRolePolicy",
    "RoleName" to role,
    "PolicyName" to name,
    "PolicyDocument" to document,
)
