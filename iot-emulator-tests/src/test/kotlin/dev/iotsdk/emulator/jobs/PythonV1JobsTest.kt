package dev.iotsdk.emulator.jobs

import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long

/**
 * The Jobs requests exactly as AWS's IoT Device SDK for Python v1 serialises them
 * (`AWSIoTPythonSDK/core/jobs/thingJobManager.py`: `serializeDescribeJobExecutionPayload` sends
 * `{"includeJobDocument": true}`; `serializeJobExecutionUpdatePayload` sends `str(expectedVersion)` and
 * `str(executionNumber)`), and its integration test `IntegrationTestJobsClient.py`, which describes `$next` and treats
 * an accepted answer without `execution` as "no job".
 *
 * AWS source of the rules: spec/jobs.md §3.3 (`$next` with nothing pending is answered on `…/$next/get/accepted`
 * without an `execution` member: AWS's OTA library test data and the Python v1 integration test) and §3.4 (numbers
 * as JSON strings are accepted).
 */
class PythonV1JobsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        fun JsonObject.str(key: String) = getValue(key).jsonPrimitive.content

        test("describing \$next with nothing pending is accepted without an execution, as AWS answers") {
            JobsDevice(emulator, "py1-idle").use { d ->
                val (outcome, body) = d.request(
                    "\$next/get",
                    """{"includeJobDocument": true, "clientToken": "py1-token"}""",
                )
                outcome shouldBe "accepted"
                body.keys shouldBe setOf("clientToken", "timestamp")
                body.str("clientToken") shouldBe "py1-token"
            }
        }

        test("UpdateJobExecution with expectedVersion and executionNumber as strings is accepted and checked") {
            JobsDevice(emulator, "py1-busy").use { d ->
                emulator.createJob("py1-job", """{"operation":"echo"}""", listOf("py1-busy"))
                val (_, next) = d.request("\$next/get", """{"includeJobDocument": true}""")
                val execution = next.getValue("execution") as JsonObject
                execution.str("jobId") shouldBe "py1-job"
                execution.getValue("versionNumber").jsonPrimitive.long shouldBe 1L
                execution.getValue("executionNumber").jsonPrimitive.long shouldBe 1L

                val update = """{"status": "IN_PROGRESS", "expectedVersion": "1", "executionNumber": "1", """ +
                    """"includeJobExecutionState": true}"""
                val (outcome, accepted) = d.request("py1-job/update", update)
                outcome shouldBe "accepted"
                (accepted.getValue("executionState") as JsonObject).str("status") shouldBe "IN_PROGRESS"

                // the strings are read as numbers, not ignored: a stale version and a foreign execution are refused
                d.request("py1-job/update", update).second.str("code") shouldBe "VersionMismatch"
                d.request(
                    "py1-job/update",
                    """{"status": "SUCCEEDED", "expectedVersion": "2", "executionNumber": "7"}""",
                ).second.str("code") shouldBe "ResourceNotFound"
                d.request(
                    "py1-job/update",
                    """{"status": "SUCCEEDED", "expectedVersion": "two"}""",
                ).second.str("code") shouldBe "InvalidRequest"
                d.request(
                    "py1-job/update",
                    """{"status": "SUCCEEDED", "expectedVersion": "2", "executionNumber": "1"}""",
                ).first shouldBe "accepted"
            }
        }
    })
