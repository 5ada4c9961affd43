package dev.iotsdk.emulator.dataplane

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import dev.iotsdk.emulator.plain5
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.URI
import java.net.URLEncoder
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.security.MessageDigest
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.Base64
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * A header signer written in the test from the SigV4 description (canonical request, string to sign, derived key),
 * deliberately independent of the emulator's verifier and of iot-auth. Non-S3 services sign the path encoded once
 * more than it travels.
 */
private object TestHeaderSigner {
    private fun hmac(key: ByteArray, s: String) =
        Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(s.toByteArray())
    private fun hex(b: ByteArray) = b.joinToString("") { "%02x".format(it) }
    private fun sha256(b: ByteArray) = hex(MessageDigest.getInstance("SHA-256").digest(b))
    private fun enc(s: String) =
        URLEncoder.encode(s, "UTF-8").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")

    /** Headers to add: x-amz-date and Authorization. [rawPath] and [rawQuery] exactly as sent. */
    fun sign(
        method: String,
        host: String,
        rawPath: String,
        rawQuery: String,
        body: ByteArray,
        key: String,
        secret: String,
        region: String,
        service: String = "iotdata",
    ): Map<String, String> {
        val datetime = DateTimeFormatter.ofPattern(
            "yyyyMMdd'T'HHmmss'Z'",
        ).withZone(ZoneOffset.UTC).format(Instant.now())
        val date = datetime.substring(0, 8)
        val scope = "$date/$region/$service/aws4_request"
        val path = rawPath.split('/').joinToString("/") { enc(it) }
        val canonical = "$method\n$path\n$rawQuery\nhost:$host\nx-amz-date:$datetime\n\nhost;x-amz-date\n${sha256(
            body,
        )}"
        val sts = "AWS4-HMAC-SHA256\n$datetime\n$scope\n${sha256(canonical.toByteArray())}"
        val k = hmac(hmac(hmac(hmac("AWS4$secret".toByteArray(), date), region), service), "aws4_request")
        return mapOf(
            "x-amz-date" to datetime,
            "Authorization" to
                "AWS4-HMAC-SHA256 Credential=$key/$scope, SignedHeaders=host;x-amz-date, Signature=${hex(
                    hmac(k, sts),
                )}",
        )
    }
}

class DataPlaneEndpointTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val http by lazy { HttpClient.newBuilder().sslContext(Tls.context(emu.caCertificatePem, null)).build() }

        fun send(
            method: String,
            rawPath: String,
            rawQuery: String = "",
            body: ByteArray = ByteArray(0),
            sign: Boolean = true,
            headers: Map<String, String> = emptyMap(),
        ): HttpResponse<String> {
            val host = "localhost:${emu.port443}"
            val builder = HttpRequest.newBuilder(
                URI("https://$host$rawPath" + if (rawQuery.isEmpty()) "" else "?$rawQuery"),
            )
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            headers.forEach { (k, v) -> builder.header(k, v) }
            if (sign) {
                TestHeaderSigner.sign(
                    method,
                    host,
                    rawPath,
                    rawQuery,
                    body,
                    emu.credentials.accessKeyId,
                    emu.credentials.secretAccessKey,
                    emu.region,
                )
                    .forEach { (k, v) -> builder.header(k, v) }
            }
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString())
        }

        test("an unsigned request is refused with 403 and x-amzn-ErrorType ForbiddenException") {
            val r = send("GET", "/things/t1/shadow", sign = false)
            r.statusCode() shouldBe 403
            r.headers().firstValue("x-amzn-ErrorType").get() shouldBe "ForbiddenException:"
            r.body() shouldContain "Missing Authentication Token"
        }

        test("shadow REST calls share the MQTT shadow: 404 document, update, get with delta, delete") {
            val missing = send("GET", "/things/t1/shadow")
            missing.statusCode() shouldBe 404
            missing.headers().firstValue("x-amzn-ErrorType").get() shouldBe "ResourceNotFoundException:"
            missing.body() shouldContain "\"code\":404"
            send(
                "POST",
                "/things/t1/shadow",
                body = """{"state":{"desired":{"c":1}}}""".toByteArray(),
            ).statusCode() shouldBe
                200
            emu.shadow("t1")!! shouldContain "\"desired\":{\"c\":1}"
            send("GET", "/things/t1/shadow").body() shouldContain "\"delta\":{\"c\":1}"
            send(
                "POST",
                "/things/t1/shadow",
                "name=named",
                """{"state":{"reported":{"r":2}}}""".toByteArray(),
            ).statusCode() shouldBe
                200
            send("GET", "/api/things/shadow/ListNamedShadowsForThing/t1").body() shouldContain "\"results\":[\"named\"]"
            send("DELETE", "/things/t1/shadow").body() shouldContain "\"version\":1"
            send("PUT", "/things/t1/shadow").statusCode() shouldBe 405
            send(
                "POST",
                "/things/t1/shadow",
                body = "{oops".toByteArray(),
            ).headers().firstValue("x-amzn-ErrorType").get() shouldBe
                "InvalidRequestException:"
        }

        test(
            "Publish accepts both %2F-encoded and raw slashes in the topic, and MQTT 5 properties from the " +
                "documented headers",
        ) {
            val sub = plain5(emu, "dp-endpoint-sub").also { it.connect() }
            try {
                val received = LinkedBlockingQueue<Mqtt5Publish>()
                sub.toAsync().subscribeWith().topicFilter("dp/ep/#").callback {
                    received.add(it)
                }.send().get(10, TimeUnit.SECONDS)
                val props = Base64.getEncoder().encodeToString(
                    """[{"deviceName":"alpha"},{"deviceCnt":"45"}]""".toByteArray(),
                )
                send(
                    "POST",
                    "/topics/dp%2Fep%2Fone",
                    "qos=1",
                    "1".toByteArray(),
                    headers = mapOf(
                        "x-amz-mqtt5-user-properties" to props,
                    ),
                ).statusCode() shouldBe
                    200
                send("POST", "/topics/dp/ep/two", "qos=0", "2".toByteArray()).statusCode() shouldBe 200
                val first = received.poll(10, TimeUnit.SECONDS)!!
                first.topic.toString() shouldBe "dp/ep/one"
                first.userProperties.asList().map { "${it.name}=${it.value}" } shouldBe
                    listOf("deviceName=alpha", "deviceCnt=45")
                received.poll(10, TimeUnit.SECONDS)!!.topic.toString() shouldBe "dp/ep/two"
                send("POST", "/topics/dp/ep/x", "qos=2").statusCode() shouldBe 400
                send(
                    "POST",
                    "/topics/dp/ep/x",
                    headers = mapOf("x-amz-mqtt5-user-properties" to "not-base64!"),
                ).statusCode() shouldBe
                    400
            } finally {
                sub.disconnect()
            }
        }

        test("retained messages come from the broker's retained store with the documented JSON shapes") {
            emu.publish("dp/ret/1", "abc".toByteArray(), 1, true)
            val one = send("GET", "/retainedMessage/dp%2Fret%2F1")
            one.statusCode() shouldBe 200
            one.body() shouldContain "\"payload\":\"YWJj\""
            one.body() shouldContain "\"qos\":1"
            send("GET", "/retainedMessage", "maxResults=1").body() shouldContain "\"retainedTopics\":[{\"topic\":"
            send("GET", "/retainedMessage/dp%2Fret%2Fnone").statusCode() shouldBe 404
            send("GET", "/retainedMessage", "maxResults=500").statusCode() shouldBe 400
        }
    })
