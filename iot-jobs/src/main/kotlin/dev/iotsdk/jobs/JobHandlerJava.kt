package dev.iotsdk.jobs

/**
 * A Java user's job handler for [JobsClientJava.startJobRunner], the Java form of [JobHandler]: runs on the view's
 * executor and may block there. Throwing fails the execution with the exception's class and message in the status
 * details. When the job is canceled remotely (or the runner stops) the handler's thread is interrupted and
 * [JobContextJava.isCancelled] turns `true`; what it returns then is ignored.
 */
public fun interface JobHandlerJava {
    /** Runs the job described by [job] (its document is [JobContextJava.documentJson]) and returns how it ended. */
    @Throws(Exception::class)
    public fun handle(job: JobContextJava): JobOutcome
}
