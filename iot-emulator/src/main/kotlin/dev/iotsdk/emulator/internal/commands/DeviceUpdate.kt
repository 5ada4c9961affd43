package dev.iotsdk.emulator.internal.commands

import dev.iotsdk.emulator.internal.commands.ExecutionRecord.Companion.IN_PROGRESS
import dev.iotsdk.emulator.internal.commands.ExecutionRecord.Companion.TIMED_OUT
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/** A refused UpdateCommandExecution: the code and message of its `…/rejected/json` answer (spec/commands.md §7). */
internal class UpdateRejection(val code: String, message: String) : Exception(message)

/**
 * An UpdateCommandExecution a device published, checked as AWS checks it (spec/commands.md §4): the status one of the
 * five a device reports, `statusReason.reasonCode` `[A-Z0-9_-]{1,64}`, `reasonDescription` at most 1,024 characters
 * without control characters, `result` a non-empty map of 1–32 character names to exactly one of `s`, `b`, `bin`.
 * Unknown fields (the AWS SDK for Java v2 sends deviceType, deviceId and executionId) are ignored.
 */
internal class DeviceUpdate(val status: String, val statusReason: JsonObject?, val result: JsonObject?) {
    /** Applies this update to [execution] at [now] or says why the service refuses it. */
    fun applyTo(execution: ExecutionRecord, now: Long) {
        if (execution.ended) {
            if (status == IN_PROGRESS || execution.status == TIMED_OUT) {
                throw UpdateRejection(
                    "InvalidStateTransition",
                    "Command Execution status cannot be updated to $status from ${execution.status}.",
                )
            }
            throw UpdateRejection(
                "TerminalStateReached",
                "Command Execution status cannot be updated to $status since execution has already completed with " +
                    "status ${execution.status}.",
            )
        }
        if (status == IN_PROGRESS && execution.status == TIMED_OUT) {
            throw UpdateRejection("InvalidStateTransition", "Command Execution has timed out; report a final status.")
        }
        execution.status = status
        statusReason?.let { execution.statusReason = it }
        result?.let { execution.result = it }
        execution.lastUpdatedAt = now
        if (execution.startedAt == null) execution.startedAt = now
        if (status != IN_PROGRESS) {
            execution.ended = true
            execution.completedAt = now
            execution.timer?.cancel(false)
        }
    }

    companion object {
        private val STATUSES = setOf(IN_PROGRESS, "SUCCEEDED", "FAILED", "REJECTED", TIMED_OUT)
        private val REASON_CODE = Regex("[A-Z0-9_-]{1,64}")
        private val RESULT_NAME = Regex("[a-zA-Z0-9_-]{1,32}")
        private const val MAX_DESCRIPTION = 1024

        fun parse(payload: ByteArray): DeviceUpdate {
            val json = runCatching { Json.parseToJsonElement(payload.decodeToString()) as? JsonObject }
                .getOrElse { if (it is SerializationException) null else throw it }
                ?: throw UpdateRejection("InvalidJson", "The payload is not a JSON object.")
            val status = (json["status"] as? JsonPrimitive)?.takeIf { it.isString }?.content
                ?.takeIf { it in STATUSES }
                ?: throw invalid("status must be one of ${STATUSES.joinToString()}.")
            return DeviceUpdate(status, objectOrNull(json, "statusReason"), objectOrNull(json, "result")).also {
                it.statusReason?.let(::checkReason)
                it.result?.let(::checkResult)
            }
        }

        private fun objectOrNull(json: JsonObject, name: String): JsonObject? =
            json[name]?.let { it as? JsonObject ?: throw invalid("$name must be an object.") }

        private fun checkReason(reason: JsonObject) {
            val code = (reason["reasonCode"] as? JsonPrimitive)?.takeIf { it.isString }?.content
            if (code == null || !code.matches(REASON_CODE)) {
                throw invalid("statusReason.reasonCode must match [A-Z0-9_-]{1,64}.")
            }
            val description = reason["reasonDescription"] ?: return
            val text = (description as? JsonPrimitive)?.takeIf { it.isString }?.content
            if (text == null || text.length > MAX_DESCRIPTION || text.any { Character.isISOControl(it) }) {
                throw invalid(
                    "statusReason.reasonDescription must be a string of at most 1024 characters without control characters.",
                )
            }
        }

        private fun checkResult(result: JsonObject) {
            if (result.isEmpty()) throw invalid("result must have at least one entry.")
            for ((name, value) in result) {
                if (!name.matches(RESULT_NAME)) throw invalid("result names must match [a-zA-Z0-9_-]{1,32}.")
                val members = (value as? JsonObject)?.keys
                if (members == null || members.size != 1 || members.single() !in setOf("s", "b", "bin")) {
                    throw invalid("each result value must have exactly one of s, b and bin.")
                }
            }
        }

        private fun invalid(message: String) = UpdateRejection("InvalidRequest", message)
    }
}
