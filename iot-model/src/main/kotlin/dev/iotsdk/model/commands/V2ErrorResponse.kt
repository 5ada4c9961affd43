package dev.iotsdk.model.commands

import kotlinx.serialization.Serializable

/**
 * The service's answer on `…/response/rejected/json` (spec/commands.md §4): `{"error": "<code>", "errorMessage": "…",
 * "executionId": "<id>"}`. Named as the AWS IoT Device SDK v2's model is.
 *
 * ```kotlin
 * catch (e: CommandsRejectedException) { println(e.code) }   // built from this response
 * ```
 */
@Serializable
public class V2ErrorResponse(
    /** The error code. */
    public val error: RejectedErrorCode? = null,
    /** The service's message. */
    public val errorMessage: String? = null,
    /** The execution the rejected update was for. */
    public val executionId: String? = null,
) {
    override fun toString(): String = "V2ErrorResponse($error, $executionId)"
}
