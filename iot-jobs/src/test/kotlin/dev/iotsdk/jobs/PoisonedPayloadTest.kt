package dev.iotsdk.jobs

import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.test.FakeIotMqttClient
import dev.iotsdk.test.answerRequests
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import java.io.PrintWriter
import java.io.StringWriter
import kotlin.time.Duration.Companion.seconds

/**
 * Issue 19 item 6: a jobs answer or notification that does not decode must not put its content (job documents carry
 * secrets, such as download credentials) into an exception's message, causes or printed stack trace.
 */
class PoisonedPayloadTest :
    FunSpec({
        val secret = "SECRETDOWNLOADTOKEN"

        fun Throwable.printed(): String = StringWriter().also { printStackTrace(PrintWriter(it)) }.toString()

        fun poisons(clientToken: String) = listOf(
            """{"clientToken":"$clientToken","execution":"$secret","timestamp":1}""",
            """{"clientToken":"$clientToken","execution":{"jobId":"j1","status":"QUEUED","versionNumber":"$secret"}}""",
            """{"clientToken":"$clientToken","execution":{"jobId":"j1","jobDocument":{"url":"$secret"},"queuedAt":"$secret"}}""",
            """{"clientToken":"$clientToken","execution":{"jobId":"j1","jobDocument":{"url":"$secret"}""",
        )

        for (index in poisons("t").indices) {
            test("DescribeJobExecution answered with poison #$index names no content") {
                val fake = FakeIotMqttClient("robot")
                fake.connect()
                fake.answerRequests(
                    "\$aws/things/robot/jobs/j1/get",
                    "\$aws/things/robot/jobs/j1/get/accepted",
                ) { poisons(it)[index] }
                JobsClient(fake, "robot").use { jobs ->
                    val e = shouldThrow<MalformedResponseException> { jobs.describeJobExecution("j1") }
                    e.printed() shouldNotContain "SECRET"
                }
                fake.close()
            }
        }

        test("a poisoned notify-next is a Malformed event that names no content") {
            val fake = FakeIotMqttClient("robot")
            fake.connect()
            JobsClient(fake, "robot").use { jobs ->
                val malformed = async {
                    jobs.nextJobExecutionChangedEvents().filterIsInstance<JobsStreamEvent.Malformed>().first()
                }
                fake.awaitSubscribed("\$aws/things/robot/jobs/notify-next")
                fake.deliver(
                    "\$aws/things/robot/jobs/notify-next",
                    """{"execution":{"jobId":"j1","versionNumber":"$secret","jobDocument":{"url":"$secret"}},"timestamp":1}""",
                )
                val event = withTimeout(20.seconds) { malformed.await() }
                event.error.printed() shouldNotContain "SECRET"
                event.toString() shouldNotContain "SECRET"
            }
            fake.close()
        }
    })
