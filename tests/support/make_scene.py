"""Writes a small, deterministic .blend for the integration tests.

Run with factory settings so a developer's own startup file cannot change the result:

    blender -b --factory-startup --python tests/support/make_scene.py -- \
        --out X.blend [--engine CYCLES|BLENDER_EEVEE] [--second-scene NAME [--second-scene-active]] \
        [--frames N] [--compress]

The first scene ("Scene") stays the file's active scene, so plain `blender -b X.blend -f N`
renders it (unless --second-scene-active). The optional second scene uses other shapes and
colours so that a test can tell from the pixels alone which scene was rendered.
"""

import argparse
import sys

import bpy

# 64x36 keeps a Cycles frame well under a second on 2 cores while leaving enough pixels for
# the animated cube to move visibly from one frame to the next.
WIDTH = 64
HEIGHT = 36
CYCLES_SAMPLES = 8
EEVEE_SAMPLES = 8


def parse_args():
    argv = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    parser = argparse.ArgumentParser(prog="make_scene.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--engine", default="CYCLES", choices=["CYCLES", "BLENDER_EEVEE"])
    parser.add_argument("--second-scene", default=None)
    # The second scene is then the file's active one: "Scene", with the animated cube, has to
    # be asked for by name.
    parser.add_argument("--second-scene-active", action="store_true")
    parser.add_argument("--frames", type=int, default=10)
    # zstd: ~120 KB instead of ~1.1 MB, loads as fast; the file then starts with zstd's magic
    # number instead of "BLENDER".
    parser.add_argument("--compress", action="store_true")
    # Slower frames, for tests that must catch a worker in the middle of one.
    parser.add_argument("--samples", type=int, default=CYCLES_SAMPLES)
    parser.add_argument("--scale", type=int, default=100, help="resolution percentage")
    # A frame on which Blender fails: denoising is keyed on for that frame only, and Debian's
    # Blender is built without OpenImageDenoise, so it prints "Error: Build without
    # OpenImageDenoiser" and saves nothing. (A Blender with OIDN renders it: tests check first.)
    parser.add_argument("--fail-frame", type=int, default=None)
    # The cube's colour comes from an image "grid" at this path, stored as given (`//…` relative
    # to the .blend, or absolute); the file itself is the test's business.
    parser.add_argument("--texture", default=None)
    return parser.parse_args(argv)


def texture_cube(texture):
    image = bpy.data.images.new("grid", 8, 8)
    image.source = "FILE"
    image.filepath = texture
    mat = bpy.data.materials["Cube"]
    node = mat.node_tree.nodes.new("ShaderNodeTexImage")
    node.image = image
    mat.node_tree.links.new(node.outputs["Color"], mat.node_tree.nodes["Principled BSDF"].inputs["Base Color"])


def material(name, rgba):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes.get("Principled BSDF")
    bsdf.inputs["Base Color"].default_value = rgba
    # Eevee's viewport colour is what Workbench would show; keep both in step.
    mat.diffuse_color = rgba
    return mat


def link_new(scene, obj):
    scene.collection.objects.link(obj)
    return obj


def add_mesh(scene, name, mesh_op, location, mat, **kwargs):
    # Operators add to the context scene; this scene must be the window's scene first.
    bpy.context.window.scene = scene
    mesh_op(location=location, **kwargs)
    obj = bpy.context.active_object
    obj.name = name
    obj.data.materials.append(mat)
    return obj


def configure_render(scene, engine, frames, samples=CYCLES_SAMPLES, scale=100):
    scene.frame_start = 1
    scene.frame_end = frames
    render = scene.render
    render.engine = engine
    render.resolution_x = WIDTH
    render.resolution_y = HEIGHT
    render.resolution_percentage = scale
    render.image_settings.file_format = "PNG"
    render.image_settings.color_mode = "RGBA"
    render.film_transparent = False
    if engine == "CYCLES":
        scene.cycles.device = "CPU"
        scene.cycles.samples = samples
        scene.cycles.use_adaptive_sampling = False
        scene.cycles.use_denoising = False
        scene.cycles.seed = 0
        scene.cycles.use_animated_seed = False
    else:
        scene.eevee.taa_render_samples = EEVEE_SAMPLES


def add_world(scene, rgba, strength):
    world = bpy.data.worlds.new(scene.name + "World")
    world.use_nodes = True
    background = world.node_tree.nodes.get("Background")
    background.inputs["Color"].default_value = rgba
    background.inputs["Strength"].default_value = strength
    scene.world = world


def add_camera_and_sun(scene, prefix):
    cam_data = bpy.data.cameras.new(prefix + "Camera")
    cam = link_new(scene, bpy.data.objects.new(prefix + "Camera", cam_data))
    cam.location = (0.0, -11.0, 3.5)
    cam.rotation_euler = (1.30, 0.0, 0.0)
    scene.camera = cam

    sun_data = bpy.data.lights.new(prefix + "Sun", type="SUN")
    sun_data.energy = 4.0
    sun = link_new(scene, bpy.data.objects.new(prefix + "Sun", sun_data))
    sun.rotation_euler = (0.6, 0.2, 0.4)


def build_main_scene(scene, engine, frames, samples, scale):
    # The factory startup file's cube, camera and light are replaced so the content does not
    # depend on what a given Blender version ships in its default scene.
    for obj in list(scene.objects):
        bpy.data.objects.remove(obj, do_unlink=True)
    configure_render(scene, engine, frames, samples, scale)
    add_world(scene, (0.05, 0.05, 0.08, 1.0), 1.0)
    add_camera_and_sun(scene, "")

    add_mesh(scene, "Ground", bpy.ops.mesh.primitive_plane_add, (0, 0, 0),
             material("Ground", (0.6, 0.6, 0.6, 1.0)), size=20)
    add_mesh(scene, "Sphere", bpy.ops.mesh.primitive_uv_sphere_add, (-2.5, 1.0, 1.0),
             material("Sphere", (0.1, 0.3, 0.9, 1.0)), radius=1.0)
    add_mesh(scene, "Cone", bpy.ops.mesh.primitive_cone_add, (2.5, 1.5, 1.0),
             material("Cone", (0.1, 0.8, 0.2, 1.0)))
    cube = add_mesh(scene, "Cube", bpy.ops.mesh.primitive_cube_add, (0, 0, 0.5),
                    material("Cube", (0.9, 0.2, 0.1, 1.0)), size=1.0)

    # The cube slides across the frame (linearly, so every frame has a distinct position),
    # which makes every frame's pixels differ from every other frame's.
    span = max(frames - 1, 1)
    for frame in range(1, frames + 1):
        cube.location = (-3.0 + 6.0 * (frame - 1) / span, -1.0, 0.5)
        cube.keyframe_insert(data_path="location", frame=frame)
    for fcurve in cube.animation_data.action.fcurves:
        for point in fcurve.keyframe_points:
            point.interpolation = "LINEAR"


def build_second_scene(name, engine, frames):
    scene = bpy.data.scenes.new(name)
    configure_render(scene, engine, frames)
    # Bright yellow sky and a magenta torus: nothing like the main scene's dark blue and grey.
    add_world(scene, (1.0, 0.85, 0.1, 1.0), 1.0)
    add_camera_and_sun(scene, name)
    add_mesh(scene, name + "Torus", bpy.ops.mesh.primitive_torus_add, (0, 0, 1.0),
             material(name + "Torus", (0.9, 0.0, 0.8, 1.0)))
    return scene


def main():
    args = parse_args()
    main_scene = bpy.context.scene
    main_scene.name = "Scene"
    build_main_scene(main_scene, args.engine, args.frames, args.samples, args.scale)
    if args.fail_frame is not None:
        for frame in (args.fail_frame - 1, args.fail_frame, args.fail_frame + 1):
            main_scene.cycles.use_denoising = frame == args.fail_frame
            main_scene.cycles.keyframe_insert("use_denoising", frame=frame)
    if args.texture:
        texture_cube(args.texture)
    second_scene = build_second_scene(args.second_scene, args.engine, args.frames) if args.second_scene else None
    # The active scene is whatever the window shows when the file is saved.
    bpy.context.window.scene = second_scene if second_scene and args.second_scene_active else main_scene
    bpy.context.view_layer.update()
    # No relative_remap: the texture's path stays as given.
    bpy.ops.wm.save_as_mainfile(filepath=args.out, compress=args.compress, relative_remap=False)
    print("MAKE_SCENE_OK " + args.out, flush=True)


main()
