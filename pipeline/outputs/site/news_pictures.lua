-- A news item's pictures and links, before pandoc writes HTML (news.py cleans what it writes).
-- A picture stays one only when it names a picture of the plan folder (the list is handed in
-- PIPELINE_NEWS_PICTURES, the item's folder in PIPELINE_NEWS_FOLDER, both relative to the plan
-- folder); its address becomes that path. Any other picture (data:, https:, a video, a sound, a
-- document, a file that is not there) becomes its description as text: pandoc would write some as
-- <embed>, <video> or <audio>. A link that leads neither to the web, nor to e-mail, nor to a page
-- of the site becomes its text.
local pictures = {}
for _, path in ipairs(pandoc.json.decode(os.getenv("PIPELINE_NEWS_PICTURES") or "[]")) do
  pictures[path] = true
end
local folder = os.getenv("PIPELINE_NEWS_FOLDER") or ""

-- The path inside the plan folder an address names from the item's folder, or nil when it names none.
local function in_plan(address)
  if address:find("[:?#\\]") or address:find("^/") then
    return nil
  end
  address = address:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end)
  local parts = {}
  for part in (folder .. "/" .. address):gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then
        return nil
      end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, "/")
end

function Image(image)
  local path = in_plan(image.src)
  if path and pictures[path] then
    return pandoc.Image(image.caption, path, image.title)
  end
  return image.caption
end

function Link(link)
  local target = link.target
  local scheme = target:match("^(%a[%w+.-]*):")
  if scheme then
    scheme = scheme:lower()
    if scheme == "http" or scheme == "https" or scheme == "mailto" then
      return nil
    end
    return link.content
  end
  local page = target:match("^[^#]*")
  if page == "" or (page:match("%.html$") and not page:find("[/\\?]")) then
    return nil
  end
  return link.content
end
