-- A news item's pictures, before pandoc writes HTML: one stays a picture only when its address is
-- a relative file name with a picture's extension. Any other (data:, https:, a video, a sound, a
-- document) becomes its description as text: pandoc would write it as <embed>, <video> or <audio>,
-- and a page of the site loads nothing from elsewhere. Python then admits only the plan's own files.
local PICTURES = {png = true, jpg = true, jpeg = true, gif = true, webp = true}

function Image(image)
  local src = image.src
  local extension = src:match("%.(%w+)$")
  if src:find("[:?#\\]") or src:find("^/") or not (extension and PICTURES[extension:lower()]) then
    return image.caption
  end
  image.attr = pandoc.Attr()
  return image
end
