/** The worker command's exit statuses, so scripts (and tests) can tell failures apart. */
export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_BLENDER_MISSING = 3;
