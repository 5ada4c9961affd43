package dev.iotsdk.emulator.dataplane

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import dev.iotsdk.emulator.controlplane.awsDataPlaneClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import software.amazon.awssdk.core.SdkBytes
import software.amazon.awssdk.services.iotdataplane.model.InvalidRequestException
import software.amazon.awssdk.services.iotdataplane.model.ResourceNotFoundException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/**
 * The data plane's error answers, read by AWS's own iot-data client (AWS SDK for Java v2 `IotDataPlaneClient`),
 * which turns an answer into a typed exception only through `x-amzn-ErrorType` and the JSON body.
 *
 * AWS source of the rules: spec/dataplane.md §3 ("An emulator must send `x-amzn-ErrorType: <ExceptionName>` on every
 * error response", with a JSON body carrying `message`) and §2.2 ("The topic must not contain wildcard characters");
 * the per-operation error lists of the iot-data model give InvalidRequestException for bad input. A wildcard topic
 * answered InternalFailure (500, no error type) before.
 */
class DataPlaneErrorTypesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val data by lazy { awsDataPlaneClient(emu) }
        afterSpec { data.close() }

        test("GetRetainedMessage with a wildcard or over-long topic is InvalidRequestException, not a 500") {
            for (topic in listOf("base/#", "base/+/state", "a/b/c/d/e/f/g/h/i")) {
                val e = shouldThrow<InvalidRequestException> { data.getRetainedMessage { it.topic(topic) } }
                e.statusCode() shouldBe 400
                e.awsErrorDetails().errorCode() shouldBe "InvalidRequestException"
            }
            shouldThrow<ResourceNotFoundException> { data.getRetainedMessage { it.topic("base/none") } }
                .statusCode() shouldBe 404
        }

        test("Publish validates its topic and responseTopic the same way") {
            shouldThrow<InvalidRequestException> {
                data.publish { it.topic("base/+").payload(SdkBytes.fromUtf8String("x")) }
            }
            shouldThrow<InvalidRequestException> {
                data.publish { it.topic("base/ok").responseTopic("reply/#").payload(SdkBytes.fromUtf8String("x")) }
            }
            data.publish { it.topic("base/ok").responseTopic("reply/ok").payload(SdkBytes.fromUtf8String("x")) }
                .sdkHttpResponse().statusCode() shouldBe 200
        }

        test("an unknown path answers 404 with x-amzn-ErrorType and a JSON message, as every error does") {
            val http = HttpClient.newBuilder().sslContext(Tls.context(emu.caCertificatePem, null)).build()
            val r = http.send(
                HttpRequest.newBuilder(URI("https://localhost:${emu.port443}/no-such-api")).GET().build(),
                HttpResponse.BodyHandlers.ofString(),
            )
            r.statusCode() shouldBe 404
            r.headers().firstValue("x-amzn-ErrorType").get() shouldBe "ResourceNotFoundException:"
            r.headers().firstValue("content-type").get() shouldBe "application/json"
            r.body() shouldBe """{"message":"Not Found"}"""
            r.body() shouldNotContain "no-such-api"
        }
    })
