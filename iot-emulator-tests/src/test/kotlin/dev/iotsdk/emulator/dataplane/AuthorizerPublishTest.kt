package dev.iotsdk.emulator.dataplane

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.AuthorizerResult
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import dev.iotsdk.emulator.plain5
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.util.concurrent.TimeUnit

/**
 * Custom authorizers on the HTTPS data plane (AWS IoT DG "Connecting to AWS IoT Core by using custom authentication",
 * HTTPS: `x-amz-customauthorizer-name` and the token in headers or query parameters; "The customer authorizer for the
 * HTTPS protocol only supports publish operations"). The authorizer's policies decide the publish; a token it refuses
 * gets 401; any other operation is refused; a subscriber keeps receiving what is allowed.
 */
class AuthorizerPublishTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val http by lazy { HttpClient.newBuilder().sslContext(Tls.context(emu.caCertificatePem, null)).build() }

        beforeSpec {
            emu.registerAuthorizer(
                CustomAuthorizer("http-auth", tokenKeyName = "x-token") { request ->
                    if (request.token == "good" && request.protocols.contains("http")) {
                        AuthorizerResult.allow(
                            "httpsensor",
                            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Publish",""" +
                                """"Resource":"arn:aws:iot:${emu.region}:${emu.accountId}:topic/sensors/*"}]}""",
                        )
                    } else {
                        AuthorizerResult.deny()
                    }
                },
            )
        }

        fun send(method: String, pathAndQuery: String, headers: Map<String, String>): HttpResponse<String> {
            val request = HttpRequest.newBuilder(URI("https://localhost:${emu.port443}$pathAndQuery"))
                .method(method, HttpRequest.BodyPublishers.ofString("21.5"))
            headers.forEach { (k, v) -> request.header(k, v) }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString())
        }

        val good = mapOf("x-amz-customauthorizer-name" to "http-auth", "x-token" to "good")

        test("an authorizer's policies decide HTTPS publishes; bad tokens get 401; other operations are refused") {
            val subscriber = plain5(emu, "auth-http-sub").also { it.connect() }
            val received = subscriber.publishes(MqttGlobalPublishFilter.ALL)
            subscriber.subscribeWith().topicFilter("sensors/#").qos(MqttQos.AT_LEAST_ONCE).send()

            send("POST", "/topics/sensors/t1?qos=1", good).statusCode() shouldBe 200
            received.receive(10, TimeUnit.SECONDS).orElseThrow().topic.toString() shouldBe "sensors/t1"
            // the token as query parameters, as the DG's second example sends it
            send("POST", "/topics/sensors/t2?qos=1&x-amz-customauthorizer-name=http-auth&x-token=good", emptyMap())
                .statusCode() shouldBe 200
            received.receive(10, TimeUnit.SECONDS).orElseThrow().topic.toString() shouldBe "sensors/t2"

            send("POST", "/topics/actuators/valve?qos=1", good).statusCode() shouldBe 403
            emu.awaitEvent {
                it is EmulatorEvent.AuthorizationDenied && it.clientId == "httpsensor" && it.action == "iot:Publish"
            }
            send("POST", "/topics/sensors/t3?qos=1&retain=true", good).statusCode() shouldBe 403
            send("POST", "/topics/sensors/t4?qos=1", good + ("x-token" to "bad")).let {
                it.statusCode() shouldBe 401
                it.headers().firstValue("x-amzn-ErrorType").orElse("") shouldBe "UnauthorizedException:"
            }
            send("GET", "/things/anything/shadow", good).statusCode() shouldBe 403
            send(
                "POST",
                "/topics/sensors/t5?qos=1",
                mapOf(
                    "x-amz-customauthorizer-name" to "nobody",
                    "x-token" to "good",
                ),
            )
                .statusCode() shouldBe 401

            // the subscriber got nothing refused, and is still served
            send("POST", "/topics/sensors/t6?qos=1", good).statusCode() shouldBe 200
            received.receive(10, TimeUnit.SECONDS).orElseThrow().topic.toString() shouldBe "sensors/t6"
            subscriber.disconnect()
        }
    })
