package dev.iotsdk.model.shadow

import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonObject

/**
 * A request document published to `…/shadow/update`: [state] (desired and/or reported), an optional [clientToken]
 * echoed in the responses, and an optional [version] that makes the update conditional on the shadow's current
 * version (a mismatch is rejected with 409).
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowUpdateRequest(
    /** The sections to change; `null` values delete keys. */
    public val state: ShadowState? = null,
    /** The token echoed in the responses, at most 64 bytes. */
    public val clientToken: String? = null,
    /** The version the shadow must have now for the update to apply. */
    public val version: Long? = null,
) {
    override fun toString(): String = "ShadowUpdateRequest(state=$state, clientToken=$clientToken, version=$version)"
}

/**
 * The request document published to `…/shadow/get` and `…/shadow/delete`: only a [clientToken] (AWS also accepts an
 * empty payload).
 */
@Serializable
public class ShadowRequest(
    /** The token echoed in the response. */
    public val clientToken: String? = null,
) {
    override fun toString(): String = "ShadowRequest(clientToken=$clientToken)"
}

/**
 * A shadow document as the service returns it: the full document on `…/get/accepted` (with [ShadowState.delta]
 * when desired and reported differ), and on `…/update/accepted` only the fields of the request. [metadata] mirrors
 * the state sections with a `{"timestamp": …}` per leaf (arrays: one per element). [timestamp] is the response
 * time in epoch seconds.
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowDocument(
    /** The state sections. */
    public val state: ShadowState? = null,
    /** The per-leaf timestamps, as sent. */
    public val metadata: JsonObject? = null,
    /** The document version. */
    public val version: Long? = null,
    /** When the response was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The request's client token. */
    public val clientToken: String? = null,
) {
    override fun toString(): String =
        "ShadowDocument(version=$version, state=$state, timestamp=$timestamp, clientToken=$clientToken)"
}

/**
 * A message on `…/update/delta`: the desired fields that differ from reported ([state], nested objects down to the
 * differing leaves, arrays whole), their desired [metadata], the shadow [version] and the [clientToken] of the
 * update that caused it.
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowDeltaMessage(
    /** The differing desired fields. */
    public val state: JsonObject,
    /** Their desired metadata. */
    public val metadata: JsonObject? = null,
    /** The shadow version after the update. */
    public val version: Long? = null,
    /** When it was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The client token of the update that caused it. */
    public val clientToken: String? = null,
) {
    override fun toString(): String = "ShadowDeltaMessage(version=$version, state=$state, clientToken=$clientToken)"
}

/**
 * One side of a `…/update/documents` message: the full desired/reported [state] (no delta), [metadata] and
 * [version].
 */
@Serializable
public class ShadowSnapshot(
    /** The state sections. */
    public val state: ShadowState? = null,
    /** The per-leaf timestamps. */
    public val metadata: JsonObject? = null,
    /** The version. */
    public val version: Long? = null,
) {
    override fun toString(): String = "ShadowSnapshot(version=$version, state=$state)"
}

/**
 * A message on `…/update/documents`, published after every accepted update: the document [previous]ly and
 * [current]ly (AWS omits [previous] when the update created the shadow).
 *
 * Stability: mirrors AWS's wire format; new optional fields may be added.
 */
@Serializable
public class ShadowDocumentsMessage(
    /** The document before the update. */
    public val previous: ShadowSnapshot? = null,
    /** The document after the update. */
    public val current: ShadowSnapshot? = null,
    /** When it was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The client token of the update. */
    public val clientToken: String? = null,
) {
    override fun toString(): String =
        "ShadowDocumentsMessage(previous=${previous?.version}, current=${current?.version}, clientToken=$clientToken)"
}

/** The body of `…/delete/accepted`: the deleted document's [version] and the response [timestamp]. */
@Serializable
public class ShadowDeleteResponse(
    /** The version of the deleted document. */
    public val version: Long? = null,
    /** When the response was generated, epoch seconds. */
    public val timestamp: Long? = null,
    /** The request's client token. */
    public val clientToken: String? = null,
) {
    override fun toString(): String =
        "ShadowDeleteResponse(version=$version, timestamp=$timestamp, clientToken=$clientToken)"
}

/**
 * The body of every `…/rejected` topic: an HTTP-style [code] (400, 401, 403, 404, 409, 413, 415, 429, 500), a
 * [message] such as `Version conflict`, and, when present, [timestamp] and [clientToken].
 */
@Serializable
public class ShadowErrorResponse(
    /** The HTTP-style error code. */
    public val code: Int,
    /** The service's message. */
    public val message: String? = null,
    /** When it was generated, epoch seconds (not always present). */
    public val timestamp: Long? = null,
    /** The request's client token. */
    public val clientToken: String? = null,
) {
    override fun toString(): String = "ShadowErrorResponse(code=$code, message=$message, clientToken=$clientToken)"
}
