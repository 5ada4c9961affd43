package dev.iotsdk.dataplane

/** 415: the document is not UTF-8 encoded. */
public class UnsupportedDocumentEncodingException internal constructor(
    message: String,
    statusCode: Int,
    requestId: String?,
) : DataPlaneServiceException(message, "UnsupportedDocumentEncodingException", statusCode, requestId)
