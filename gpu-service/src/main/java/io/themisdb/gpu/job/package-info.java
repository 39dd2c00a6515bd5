/**
 * Job kinds a tenant can submit (a sealed hierarchy of records) and their results. Values only:
 * validated on construction, never changed after.
 */
package io.themisdb.gpu.job;
