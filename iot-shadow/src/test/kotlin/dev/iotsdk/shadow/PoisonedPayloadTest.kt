package dev.iotsdk.shadow

import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.test.FakeIotMqttClient
import dev.iotsdk.test.answerRequests
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.serialization.Serializable
import kotlinx.serialization.SerializationException
import java.io.PrintWriter
import java.io.StringWriter

/**
 * Issue 19 item 6: a shadow answer or delta that does not decode must not put its content into an exception's message,
 * causes or printed stack trace.
 */
class PoisonedPayloadTest :
    FunSpec({
        val secret = "SECRETPASSWORD-hunter2"

        fun Throwable.printed(): String = StringWriter().also { printStackTrace(PrintWriter(it)) }.toString()

        fun poisons(clientToken: String) = listOf(
            """{"clientToken":"$clientToken","state":"$secret","version":1,"timestamp":1}""",
            """{"clientToken":"$clientToken","state":{"reported":{"wifi":"$secret"}},"version":"$secret"}""",
            """{"clientToken":"$clientToken","state":{"desired":["$secret"]},"version":1,"timestamp":1}""",
            """{"clientToken":"$clientToken","state":{"reported":{"wifi":"$secret"}},"version":1,"timestamp":1""",
        )

        for (index in poisons("t").indices) {
            test("a get answered with poisoned document #$index names no content") {
                val fake = FakeIotMqttClient("lamp")
                fake.connect()
                fake.answerRequests(
                    "\$aws/things/lamp/shadow/get",
                    "\$aws/things/lamp/shadow/get/accepted",
                ) { poisons(it)[index] }
                ShadowClient(fake, "lamp").use { shadow ->
                    val e = shouldThrow<MalformedResponseException> { shadow.get() }
                    e.printed() shouldNotContain "SECRET"
                }
                fake.close()
            }
        }

        test("a typed read whose section does not fit the type names no content") {
            val fake = FakeIotMqttClient("lamp")
            fake.connect()
            fake.answerRequests("\$aws/things/lamp/shadow/get", "\$aws/things/lamp/shadow/get/accepted") {
                """{"clientToken":"$it","state":{"reported":{"power":{"wifi":"$secret"}}},"version":1,"timestamp":1}"""
            }
            ShadowClient(fake, "lamp").use { shadow ->
                val e = shouldThrow<SerializationException> { shadow.typed<PoisonedLamp>().get() }
                e.printed() shouldNotContain "SECRET"
            }
            fake.close()
        }

        test("a poisoned delta is an Error event that names no content") {
            val fake = FakeIotMqttClient("lamp")
            fake.connect()
            ShadowClient(fake, "lamp").use { shadow ->
                val first = async { shadow.deltaEvents().filterIsInstance<ShadowEvent.Error>().first() }
                fake.awaitSubscribed("\$aws/things/lamp/shadow/update/delta")
                fake.deliver("\$aws/things/lamp/shadow/update/delta", """{"state":"$secret","version":"$secret"}""")
                val event = first.await()
                event.cause.printed() shouldNotContain "SECRET"
                event.toString() shouldNotContain "SECRET"
            }
            fake.close()
        }
    })

@Serializable
data class PoisonedLamp(val power: String)
