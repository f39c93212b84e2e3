"""Compares the decoded pixels of two images, using Blender's own image loaders.

    blender -b --factory-startup --python-exit-code 1 --python tests/support/compare_images.py -- A B

Going through Blender means every format Blender writes (PNG, JPEG, OPEN_EXR, ...) can be read
back without an extra decoder, and bytes never matter: Blender stamps the date and render time
into PNG metadata, so two renders of one frame differ in bytes but not in pixels.

Prints exactly one line starting with RESULT_PREFIX followed by JSON:
    {"width": W, "height": H, "maxDiff": D}
where D is the largest absolute difference over every channel (RGBA) of every pixel, in
Blender's float units (1.0 = full scale for 8-bit images, so one 8-bit step is 1/255).
Any failure prints ERROR_PREFIX followed by JSON {"error": "..."} and exits with status 1.
"""

import array
import json
import os
import sys

import bpy

RESULT_PREFIX = "COMPARE_IMAGES_RESULT "
ERROR_PREFIX = "COMPARE_IMAGES_ERROR "


def fail(message):
    print(ERROR_PREFIX + json.dumps({"error": message}), flush=True)
    sys.exit(1)


def load_pixels(path):
    if not os.path.isfile(path):
        fail("no such file: " + path)
    try:
        image = bpy.data.images.load(path, check_existing=False)
    except RuntimeError as err:
        fail("Blender cannot read %s: %s" % (path, err))
    width, height = image.size
    channels = image.channels
    if width == 0 or height == 0:
        fail("Blender decoded no pixels from " + path)
    # foreach_get into a flat float array is ~100x faster than image.pixels[:], and this
    # Blender build has no numpy.
    pixels = array.array("f", bytes(4 * width * height * channels))
    image.pixels.foreach_get(pixels)
    return width, height, channels, pixels


def main():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    if len(argv) != 2:
        fail("usage: compare_images.py -- IMAGE_A IMAGE_B")
    path_a, path_b = argv
    wa, ha, ca, pa = load_pixels(path_a)
    wb, hb, cb, pb = load_pixels(path_b)
    if (wa, ha, ca) != (wb, hb, cb):
        fail("images differ in size: %s is %dx%d (%d channels), %s is %dx%d (%d channels)"
             % (path_a, wa, ha, ca, path_b, wb, hb, cb))
    max_diff = 0.0
    for a, b in zip(pa, pb):
        d = abs(a - b)
        if d != d:
            # NaN: equal only when both pixels are NaN (EXR can hold them).
            if a == a or b == b:
                fail("%s and %s differ: NaN against a number" % (path_a, path_b))
            continue
        if d > max_diff:
            max_diff = d
    print(RESULT_PREFIX + json.dumps({"width": wa, "height": ha, "maxDiff": max_diff}), flush=True)


main()
