package dev.iotsdk.model.jobs

import dev.iotsdk.model.IotJson
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveAtLeastSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.time.Instant

/** The spec fixtures live in `shared/` beside the repository root; tests run in the module directory. */
internal fun fixturesDir(): Path {
    val dir = Paths.get("../../shared/spec/fixtures").toAbsolutePath().normalize()
    check(Files.isDirectory(dir)) { "spec fixtures not found at $dir (expected shared/ beside the repository root)" }
    return dir
}

/** JSON equality with numbers compared by value (`1.50` equals `1.5`), strings and booleans exactly. */
internal fun jsonEquals(a: JsonElement, b: JsonElement): Boolean = when {
    a is JsonObject && b is JsonObject -> a.keys == b.keys && a.keys.all { jsonEquals(a.getValue(it), b.getValue(it)) }
    a is JsonArray && b is JsonArray -> a.size == b.size && a.indices.all { jsonEquals(a[it], b[it]) }
    a is JsonNull || b is JsonNull -> a == b
    a is JsonPrimitive && b is JsonPrimitive ->
        if (a.isString || b.isString) {
            a.isString == b.isString && a.content == b.content
        } else {
            val x = a.content.toBigDecimalOrNull()
            val y = b.content.toBigDecimalOrNull()
            if (x != null && y != null) x.compareTo(y) == 0 else a.content == b.content
        }
    else -> false
}

class JobsFixturesTest :
    FunSpec({
        fun serializerFor(name: String): KSerializer<*> = when {
            name.startsWith("jobs-notify-next") -> NextJobExecutionChangedEvent.serializer()
            name.startsWith("jobs-notify") -> JobExecutionsChangedEvent.serializer()
            name.startsWith("jobs-update-request") -> UpdateJobExecutionRequest.serializer()
            name == "jobs-update-accepted.json" -> UpdateJobExecutionResponse.serializer()
            name.startsWith("jobs-rest-describe") -> DescribeJobExecutionResponse.serializer()
            name.startsWith("jobs-rest-get-pending") -> GetPendingJobExecutionsResponse.serializer()
            name.startsWith("jobs-rest-start-next") -> StartNextJobExecutionResponse.serializer()
            else -> error("no model mapped for fixture $name; map it in JobsFixturesTest")
        }

        val fixtures = Files.list(fixturesDir()).use { s ->
            s.filter {
                it.fileName.toString().startsWith("jobs-") && it.fileName.toString().endsWith(".json")
            }.sorted().toList()
        }

        test("the jobs fixtures are there") {
            fixtures shouldHaveAtLeastSize 22
        }

        for (file in fixtures) {
            val name = file.fileName.toString()
            test("$name decodes and re-encodes without loss") {
                val text = Files.readString(file)

                @Suppress("UNCHECKED_CAST")
                val serializer = serializerFor(name) as KSerializer<Any>
                val model = IotJson.decodeFromString(serializer, text)
                val original = IotJson.parseToJsonElement(text)
                val again = IotJson.encodeToJsonElement(serializer, model)
                withClue(again) { jsonEquals(original, again) shouldBe true }
                IotJson.decodeFromJsonElement(serializer, again) shouldBe model
            }
        }

        test("fractional-second timestamps keep their milliseconds") {
            val text = Files.readString(fixturesDir().resolve("jobs-rest-start-next-pending-job-execution-cli.json"))
            val execution = IotJson.decodeFromString(StartNextJobExecutionResponse.serializer(), text).execution!!
            execution.startedAt shouldBe Instant.ofEpochSecond(1567714871L, 690_000_000L)
            execution.status shouldBe JobStatus.IN_PROGRESS
            execution.executionNumber shouldBe 2939653338L
        }

        test("notify is keyed by status and notify-next carries the document") {
            val notify = IotJson.decodeFromString(
                JobExecutionsChangedEvent.serializer(),
                Files.readString(fixturesDir().resolve("jobs-notify.json")),
            )
            notify.jobs!!.keys shouldBe setOf(JobStatus.IN_PROGRESS, JobStatus.QUEUED)
            notify.jobs!![JobStatus.QUEUED]!!.single().versionNumber shouldBe 0L
            val next = IotJson.decodeFromString(
                NextJobExecutionChangedEvent.serializer(),
                Files.readString(fixturesDir().resolve("jobs-notify-next.json")),
            )
            next.execution!!.jobDocument shouldBe buildJsonObject { put("c", "d") }
            val empty = IotJson.decodeFromString(
                NextJobExecutionChangedEvent.serializer(),
                Files.readString(fixturesDir().resolve("jobs-notify-next-seq7-empty.json")),
            )
            empty.execution shouldBe null
        }

        test("job documents decode into the caller's type") {
            @Serializable
            data class Operation(val operation: String)
            val text = Files.readString(fixturesDir().resolve("jobs-notify-next-seq1-job1-queued.json"))
            val execution = IotJson.decodeFromString(NextJobExecutionChangedEvent.serializer(), text).execution!!
            execution.decodeDocument<Operation>() shouldBe Operation("test")
        }

        test("expectedVersion is read as a string or a number") {
            IotJson.decodeFromString(
                UpdateJobExecutionRequest.serializer(),
                """{"status":"IN_PROGRESS","expectedVersion":"3"}""",
            ).expectedVersion shouldBe
                3L
            IotJson.decodeFromString(
                UpdateJobExecutionRequest.serializer(),
                """{"status":"IN_PROGRESS","expectedVersion":3}""",
            ).expectedVersion shouldBe
                3L
        }

        test("unknown statuses and error codes are kept, known ones are constants") {
            val state = IotJson.decodeFromString(
                JobExecutionState.serializer(),
                """{"status":"PAUSED","versionNumber":2}""",
            )
            state.status!!.value shouldBe "PAUSED"
            state.status!!.isKnown shouldBe false
            JobStatus.of("CANCELED") shouldBe JobStatus.CANCELED
            JobStatus.CANCELED.isTerminal shouldBe true
            JobStatus.IN_PROGRESS.isTerminal shouldBe false
            val error = IotJson.decodeFromString(
                JobsErrorResponse.serializer(),
                """{"code":"VersionMismatch","message":"m","clientToken":"t","timestamp":1,"executionState":{"status":"IN_PROGRESS","versionNumber":2}}""",
            )
            error.code shouldBe JobsErrorCode.VERSION_MISMATCH
            error.executionState!!.versionNumber shouldBe 2L
            JobsErrorCode.entries.size shouldBe 9
            JobsErrorCode.of("Nope").isKnown shouldBe false
            error.code shouldNotBe JobsErrorCode.INVALID_JSON
        }
    })
